package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.StackGraph;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd graph}: a stack's dependency graph, each package marked built or missing in the store. */
@Command(name = "graph",
        description = {"Show a stack's dependency graph, each package marked built or missing.",
                "",
                "A tree from the packages stack.yaml lists, each package with its short id. Edges are "
                        + "build and run dependencies unless marked [build] (only needed to build) or [run]. --dot "
                        + "writes Graphviz input instead. Nothing is built.",
                ""},
        footer = {"", "Examples:", "  hd graph", "  hd graph main~2", "  hd graph --dot | dot -Tsvg > stack.svg",
                "  hd graph --json | jq '.packages[] | select(.built | not) | .name'"})
final class GraphCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    StackArgs stack;

    @Option(names = "--dot", description = "Write the graph in Graphviz's dot language.")
    boolean dot;

    @Option(names = "--json", description = "Print the packages, their dependencies and marks as JSON.")
    boolean json;

    @Override
    public Integer call() throws HdException {
        if (dot && json) {
            throw new UsageException("give either --dot or --json, not both");
        }
        ResolvedTarget t = ResolvedTarget.of(main, stack.target(), stack.overrides());
        ResolvedStack rs = t.stack();
        Store store = new Store(main.storeRoot());
        Map<String, Boolean> built = new HashMap<>();
        for (ResolvedPackage p : rs.packages()) {
            built.put(p.name(), Files.exists(store.artifactMarker(p.name(), p.id())));
        }
        PrintWriter out = main.ctx().out();
        if (json) {
            out.println(Json.write(json(rs, built)));
        } else if (dot) {
            dot(out, rs, built);
        } else {
            tree(out, rs, built);
            long missing = built.values().stream().filter(b -> !b).count();
            out.printf("%d package%s (%d in the profile): %d built, %d missing.%n", rs.packages().size(),
                    rs.packages().size() == 1 ? "" : "s", rs.profilePackages().size(), rs.packages().size() - missing, missing);
        }
        return Main.OK;
    }

    private static String mark(ResolvedPackage p, Map<String, Boolean> built) {
        return built.get(p.name()) ? "built" : "missing";
    }

    /** A tree from the listed packages, dependencies in name order; a subtree shown before is not repeated. */
    static void tree(PrintWriter out, ResolvedStack rs, Map<String, Boolean> built) {
        StackGraph g = new StackGraph(rs);
        Set<String> expanded = new HashSet<>();
        for (String root : rs.listed()) {
            node(out, g, built, g.get(root), null, "", "", expanded);
        }
    }

    private static void node(PrintWriter out, StackGraph g, Map<String, Boolean> built,
                             ResolvedPackage p, StackGraph.Edge via, String lead, String childLead, Set<String> expanded) {
        List<String> deps = StackGraph.deps(p);
        boolean again = !expanded.add(p.name());
        StringBuilder sb = new StringBuilder(lead).append(p.label()).append("  ").append(p.id().shortForm())
                .append("  ").append(mark(p, built));
        if (p.host()) {
            sb.append(" (host)");
        }
        if (via == StackGraph.Edge.BUILD) {
            sb.append("  [build]");
        } else if (via == StackGraph.Edge.RUN) {
            sb.append("  [run]");
        }
        if (again && !deps.isEmpty()) {
            sb.append("  (dependencies shown above)");
        }
        out.println(sb);
        if (again) {
            return;
        }
        for (int i = 0; i < deps.size(); i++) {
            boolean last = i == deps.size() - 1;
            ResolvedPackage d = g.get(deps.get(i));
            node(out, g, built, d, g.edge(p.name(), d.name()), childLead + (last ? "└── " : "├── "),
                    childLead + (last ? "    " : "│   "), expanded);
        }
    }

    /**
     * Graphviz: built packages filled green, missing ones pink and dashed, profile members
     * with a bold border; build-only edges dashed, run-only edges dotted.
     */
    static void dot(PrintWriter out, ResolvedStack rs, Map<String, Boolean> built) {
        StackGraph g = new StackGraph(rs);
        out.println("digraph stack {");
        out.println("  // built: green; missing: pink, dashed; bold border: in the profile");
        out.println("  // edges: solid build and run, dashed build only, dotted run only");
        out.println("  node [shape=box, fontname=\"monospace\"];");
        for (ResolvedPackage p : rs.packages()) {
            boolean b = built.get(p.name());
            StringBuilder sb = new StringBuilder("  ").append(quote(p.name())).append(" [label=")
                    .append(quote(p.label() + "\n" + p.id().shortForm() + (b ? "" : "\nmissing")))
                    .append(", style=").append(b ? "filled" : "\"filled,dashed\"")
                    .append(", fillcolor=").append(b ? "\"#c8e6c9\"" : "\"#ffcdd2\"");
            if (rs.profilePackages().contains(p.name())) {
                sb.append(", penwidth=2");
            }
            out.println(sb.append("];"));
        }
        for (ResolvedPackage p : rs.packages()) {
            for (String d : StackGraph.deps(p)) {
                StackGraph.Edge e = g.edge(p.name(), d);
                out.println("  " + quote(p.name()) + " -> " + quote(d) + switch (e) {
                    case BUILD_AND_RUN -> ";";
                    case BUILD -> " [style=dashed];";
                    case RUN -> " [style=dotted];";
                });
            }
        }
        out.println("}");
    }

    /** A dot ID in double quotes (backslash and quote escaped; a newline as dot's \n). */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static ObjectNode json(ResolvedStack rs, Map<String, Boolean> built) {
        ObjectNode doc = Json.document();
        ArrayNode pkgs = doc.putArray("packages");
        for (ResolvedPackage p : rs.packages()) {
            ObjectNode o = pkgs.addObject();
            o.put("name", p.name());
            o.put("version", p.version());
            o.put("id", p.id().value());
            o.put("built", built.get(p.name()));
            o.put("in_profile", rs.profilePackages().contains(p.name()));
            o.put("listed", rs.listed().contains(p.name()));
            o.put("host", p.host());
            ArrayNode b = o.putArray("build_deps");
            p.buildDeps().forEach(b::add);
            ArrayNode r = o.putArray("run_deps");
            p.runDeps().forEach(r::add);
        }
        return doc;
    }
}
