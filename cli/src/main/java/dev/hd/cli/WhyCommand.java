package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.StackDiff;
import dev.hd.resolver.StackGraph;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hd why PKG}: why a package is in the stack (the chain of dependencies), or why it rebuilds between two revisions. */
@Command(name = "why",
        customSynopsis = "hd why [OPTIONS] PKG [DIR|REV] [k=v...] [--rebuild REV2]",
        description = {"Say why a package is in a stack, or why it rebuilds between two versions.",
                "",
                "Without --rebuild: the chain of dependencies from a package stack.yaml lists, and "
                        + "whether it enters the profile (run dependencies do) or is only needed to build. With "
                        + "--rebuild REV2: why its artifact differs from the stack to REV2: its own changed inputs, "
                        + "and each dependency with a new id, followed down to the packages that really changed. "
                        + "Nothing is built.",
                ""},
        footer = {"", "Examples:", "  hd why libgreet", "  hd why zlib main~3", "  hd why hello --rebuild main     # the working tree -> main",
                "  hd why hello HEAD~1 --rebuild HEAD --json"})
final class WhyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "PKG", description = "The package, by its name in the profile.")
    String pkg;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "DIR|REV|k=v",
            description = "The stack: a directory (default: the current one) or a revision; k=v overrides a parameter.")
    List<String> rest = new ArrayList<>();

    @Option(names = "--rebuild", paramLabel = "REV2",
            description = "Explain why PKG's artifact differs between the stack and REV2 (a revision or directory).")
    String rebuild;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws HdException {
        String target = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : rest) {
            if (StackArgs.isOverride(a)) {
                int eq = a.indexOf('=');
                overrides.put(a.substring(0, eq), a.substring(eq + 1));
            } else if (target != null) {
                throw new UsageException("more than one stack given: '" + target + "' and '" + a + "'");
            } else {
                target = a;
            }
        }
        ResolvedTarget here = ResolvedTarget.of(main, target, overrides);
        if (rebuild != null) {
            return rebuild(here, ResolvedTarget.of(main, rebuild, overrides));
        }
        StackGraph g = new StackGraph(here.stack());
        if (!g.contains(pkg)) {
            throw noSuchPackage(here);
        }
        ResolvedPackage p = here.stack().get(pkg);
        Optional<List<StackGraph.Step>> inProfile = g.profilePath(pkg);
        List<StackGraph.Step> path = inProfile.isPresent() ? inProfile.get() : g.buildPath(pkg).orElse(List.of());
        if (json) {
            ObjectNode doc = Json.document();
            ObjectNode o = doc.putObject("package");
            o.put("name", p.name());
            o.put("version", p.version());
            o.put("id", p.id().value());
            doc.put("in_profile", inProfile.isPresent());
            doc.put("listed", here.stack().listed().contains(pkg));
            ArrayNode steps = doc.putArray("path");
            for (StackGraph.Step s : path) {
                ObjectNode so = steps.addObject();
                so.put("name", s.name());
                if (s.via() == null) {
                    so.putNull("via");
                } else {
                    so.put("via", s.via().label());
                }
            }
            ArrayNode by = doc.putArray("needed_by");
            for (StackGraph.Dependent d : g.dependents(pkg)) {
                ObjectNode dn = by.addObject();
                dn.put("name", d.name());
                dn.put("edge", d.edge().label());
            }
            main.ctx().out().println(Json.write(doc));
            return Main.OK;
        }
        PrintWriter out = main.ctx().out();
        String head = p.label() + " (" + p.id().shortForm() + ")";
        out.println(inProfile.isPresent() ? head + " is in the profile of " + here.label() + ":"
                : head + " is not in the profile of " + here.label() + ": it is only needed to build:");
        printPath(out, path);
        List<String> by = new ArrayList<>();
        for (StackGraph.Dependent d : g.dependents(pkg)) {
            by.add(d.name() + " (" + d.edge().label() + ")");
        }
        out.println("Needed by: " + (by.isEmpty() ? "no other package" : String.join(", ", by)));
        return Main.OK;
    }

    static void printPath(PrintWriter out, List<StackGraph.Step> path) {
        int w = 0;
        for (int i = 0; i < path.size(); i++) {
            w = Math.max(w, 2 * i + path.get(i).name().length());
        }
        for (int i = 0; i < path.size(); i++) {
            StackGraph.Step s = path.get(i);
            StringBuilder sb = new StringBuilder("  ");
            sb.append("  ".repeat(i)).append(s.name());
            for (int k = 2 * i + s.name().length(); k < w + 2; k++) {
                sb.append(' ');
            }
            sb.append(s.via() == null ? "listed in stack.yaml" : viaText(s.via()) + " of " + path.get(i - 1).name());
            out.println(sb);
        }
    }

    private static String viaText(StackGraph.Edge e) {
        return switch (e) {
            case BUILD -> "build dependency";
            case RUN -> "run dependency";
            case BUILD_AND_RUN -> "build and run dependency";
        };
    }

    private HdException noSuchPackage(ResolvedTarget t) {
        List<String> names = t.stack().packages().stream().map(ResolvedPackage::name).sorted().toList();
        String list = names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 12)) + ", ... (" + names.size() + " in all)";
        return new HdException("no package '" + pkg + "' in " + t.label(), "its packages: " + list);
    }

    private int rebuild(ResolvedTarget from, ResolvedTarget to) throws HdException {
        StackDiff d = StackDiff.of(from.stack(), to.stack());
        boolean inFrom = from.stack().byName().containsKey(pkg);
        boolean inTo = to.stack().byName().containsKey(pkg);
        if (!inFrom && !inTo) {
            throw new HdException("no package '" + pkg + "' in " + from.label() + " nor in " + to.label(),
                    "name a package of either stack (hd resolve lists them)");
        }
        Optional<StackDiff.Rebuilt> r = d.rebuilt(pkg);
        String status = !inFrom ? "added" : !inTo ? "removed" : r.isPresent() ? "rebuilt" : "same";
        if (json) {
            ObjectNode doc = Json.document();
            ResolvedPackage p = inTo ? to.stack().get(pkg) : from.stack().get(pkg);
            ObjectNode po = doc.putObject("package");
            po.put("name", p.name());
            po.put("version", p.version());
            po.put("id", p.id().value());
            DiffCommand.side(doc.putObject("from"), from);
            DiffCommand.side(doc.putObject("to"), to);
            doc.put("status", status);
            if (r.isPresent()) {
                DiffView.rebuilt(d, r.get(), doc.putObject("rebuilt"));
            }
            main.ctx().out().println(Json.write(doc));
            return Main.OK;
        }
        PrintWriter out = main.ctx().out();
        String span = " from " + from.label() + " to " + to.label();
        switch (status) {
            case "added" -> {
                ResolvedPackage p = to.stack().get(pkg);
                out.println(p.label() + " (" + p.id().shortForm() + ") is new in " + to.label() + " (not in " + from.label() + "):");
                new StackGraph(to.stack()).buildPath(pkg).ifPresent(path -> printPath(out, path));
            }
            case "removed" -> out.println(from.stack().get(pkg).label() + " is not in " + to.label()
                    + " any more: nothing needs it there.");
            case "same" -> {
                ResolvedPackage p = to.stack().get(pkg);
                out.println(p.label() + " does not rebuild" + span + ": both build " + p.id().shortForm() + ".");
            }
            default -> {
                StackDiff.Rebuilt rb = r.get();
                out.println(rb.to().label() + " rebuilds" + span + ": " + rb.from().id().shortForm() + " -> "
                        + rb.to().id().shortForm());
                DiffView.printCauses(out, d, rb, "  ");
                List<String> roots = d.rootCauses(pkg);
                if (!roots.equals(List.of(pkg))) {
                    out.println("Packages whose own inputs changed: " + String.join(", ", roots));
                }
            }
        }
        return Main.OK;
    }
}
