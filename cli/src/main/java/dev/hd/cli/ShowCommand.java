package dev.hd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.BuildFiles;
import dev.hd.builder.BuildOptions;
import dev.hd.builder.Store;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import dev.hd.resolver.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd show PKG [buildspec|script|log|env]}: what hd knows about one package of a
 * stack, for debugging its build (HashDist's {@code hit show}). The files a build keeps are
 * shown from its artifact when it exists; the build spec, script and environment are
 * computed from the stack otherwise, so they can be read before building.
 */
@Command(name = "show",
        description = {"Show what hd knows about one package of a stack.",
                "Without WHAT: its id, spec file, parameters, dependencies, sources and artifact. With WHAT: its build"
                        + " spec (what the id is the hash of), build script, build log or build environment; computed"
                        + " from the stack when the package is not built yet."},
        footer = {"", "Examples:", "  hd show hello", "  hd show hello buildspec | jq .stages",
                "  hd show hello script > /tmp/hello.sh", "  hd show hello log | less",
                "  hd show libgreet env", "  hd show hello --stack examples greeting=Hi",
                "  hd show hello --rev main~1 buildspec", "  hd show hello --json"})
final class ShowCommand implements Callable<Integer> {
    /** What can be shown of a package. */
    enum What { buildspec, script, log, env }

    /** Completion candidates for WHAT. */
    static final class Whats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.stream(What.values()).map(Enum::name).iterator();
        }
    }

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "PKG", description = "The package (its name in the stack).")
    String pkg;

    @Parameters(index = "1", arity = "0..1", paramLabel = "WHAT", completionCandidates = Whats.class,
            description = "buildspec, script, log (of the artifact, or of the last failed build) or env (default: a summary).")
    String what;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "k=v", description = "Parameter overrides, as for 'hd build'.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--stack", paramLabel = "DIR|REV",
            description = "The stack: a directory or a revision of the stack repository (default: the current directory).")
    String stack;

    @Option(names = "--rev", paramLabel = "REV", description = "Show the package at this revision of the stack repository.")
    String rev;

    @Option(names = "--json", description = "Print the summary as a JSON document (docs/cli.md).")
    boolean json;

    @Override
    public Integer call() throws HdException {
        StackArgs args = new StackArgs();
        if (what != null && StackArgs.isOverride(what)) {
            args.args.add(what);
            what = null;
        }
        args.args.addAll(overrides);
        for (String o : overrides) {
            if (!StackArgs.isOverride(o)) {
                throw new UsageException("expected k=v parameter overrides after PKG and WHAT, found '" + o + "'");
            }
        }
        What w = null;
        if (what != null) {
            try {
                w = What.valueOf(what);
            } catch (IllegalArgumentException e) {
                String near = dev.hd.resolver.Suggestions.nearest(what, java.util.Arrays.stream(What.values()).map(Enum::name).toList(),
                        Math.max(2, what.length() / 3));
                throw new UsageException("cannot show '" + what + "' of a package: expected buildspec, script, log or env"
                        + (near == null ? "" : " (did you mean '" + near + "'?)"));
            }
        }
        if (json && w != null) {
            throw new UsageException("--json is for the summary; 'hd show " + pkg + " " + w + "' prints the file itself");
        }
        ResolvedStack rs;
        String where;
        try (StackTarget target = StackTarget.of(main, stack, rev)) {
            rs = Resolver.resolve(target.source(), Platform.options(main).withOverrides(args.overrides()));
            where = target.describe();
        }
        ResolvedPackage p = rs.byName().get(pkg);
        if (p == null) {
            List<String> names = rs.packages().stream().map(ResolvedPackage::name).toList();
            String near = dev.hd.resolver.Suggestions.nearest(pkg, names, Math.max(2, pkg.length() / 3));
            throw new HdException("no package '" + pkg + "' in the stack " + where,
                    (near == null ? "" : "did you mean '" + near + "'? ") + "'hd resolve' lists the stack's packages");
        }
        Store store = new Store(main.storeRoot());
        boolean built = Files.exists(store.artifactMarker(p.name(), p.id()));
        PrintWriter out = main.ctx().out();
        if (w == null) {
            summary(out, store, rs, p, built);
            return Main.OK;
        }
        switch (w) {
            case buildspec -> out.println(Json.write((ObjectNode) CanonicalJson.read(p.buildSpecJson())));
            case script -> out.print(built ? read(store.buildScript(p.name(), p.id())) : BuildFiles.script(p));
            case env -> {
                if (built) {
                    out.print(read(store.buildEnvFile(p.name(), p.id())));
                } else {
                    if (!main.quiet()) {
                        main.ctx().err().println("hd: " + p.label() + " is not built: this is the environment its build"
                                + " would get now (dependencies not built yet add nothing)");
                        main.ctx().err().flush();
                    }
                    out.print(BuildFiles.environment(store, rs, p, BuildOptions.defaults(Sources.jobs(main, null))));
                }
            }
            case log -> {
                Path log = built ? store.buildLog(p.name(), p.id()) : store.failedLog(p.name(), p.id());
                if (!Files.isRegularFile(log)) {
                    throw new HdException("no build log of " + p.label() + " (" + p.id().shortForm()
                            + "): it was never built, nor did a build of it fail",
                            "build it with 'hd build'; the log is then 'hd show " + p.name() + " log'");
                }
                if (!built && !main.quiet()) {
                    main.ctx().err().println("hd: the last failed build of " + p.label() + ": " + log);
                    main.ctx().err().flush();
                }
                out.print(read(log));
            }
            default -> throw new IllegalStateException(w.toString());
        }
        return Main.OK;
    }

    private void summary(PrintWriter out, Store store, ResolvedStack rs, ResolvedPackage p, boolean built)
            throws HdException {
        Path artifact = store.artifact(p.name(), p.id());
        JsonNode marker = null;
        if (built) {
            try {
                marker = CanonicalJson.read(read(store.artifactMarker(p.name(), p.id())));
            } catch (IllegalArgumentException e) {
                marker = null;
            }
        }
        Path failedLog = store.failedLog(p.name(), p.id());
        boolean failed = !built && Files.isRegularFile(failedLog);
        Map<String, String> sources = new LinkedHashMap<>();
        for (Source s : p.sources()) {
            sources.put(s.key().toString(), describe(s));
        }
        if (json) {
            ObjectNode doc = Json.document();
            ObjectNode o = doc.putObject("package");
            o.put("name", p.name());
            o.put("spec", p.specName());
            o.put("version", p.version());
            o.put("id", p.id().value());
            o.put("short_id", p.id().shortForm());
            o.put("origin", p.origin().toString());
            o.put("host", p.host());
            o.put("in_profile", rs.profilePackages().contains(p.name()));
            ArrayNode b = o.putArray("build_deps");
            p.buildDeps().forEach(b::add);
            ArrayNode r = o.putArray("run_deps");
            p.runDeps().forEach(r::add);
            ArrayNode src = o.putArray("sources");
            sources.forEach((k, v) -> src.addObject().put("key", k).put("from", v));
            ObjectNode params = o.putObject("parameters");
            p.parameters().forEach(params::put);
            ObjectNode a = doc.putObject("artifact");
            a.put("path", artifact.toString());
            a.put("built", built);
            if (marker != null) {
                a.put("built_at", marker.path("built_at").asText());
                a.put("build_millis", marker.path("build_millis").asLong());
                a.put("log", store.buildLog(p.name(), p.id()).toString());
            } else if (failed) {
                a.put("failed_log", failedLog.toString());
            }
            out.println(Json.write(doc));
            return;
        }
        out.println(p.label() + "  " + p.id().value());
        String fmt = "  %-12s %s%n";
        out.printf(fmt, "spec:", p.origin() + (p.specName().equals(p.name()) ? "" : " (use: " + p.specName() + ")"));
        if (!p.parameters().isEmpty()) {
            List<String> ps = new ArrayList<>();
            p.parameters().forEach((k, v) -> ps.add(k + "=" + v));
            out.printf(fmt, "parameters:", String.join(" ", ps));
        }
        out.printf(fmt, "build deps:", p.buildDeps().isEmpty() ? "-" : String.join(" ", p.buildDeps()));
        out.printf(fmt, "run deps:", p.runDeps().isEmpty() ? "-" : String.join(" ", p.runDeps()));
        if (sources.isEmpty()) {
            out.printf(fmt, "sources:", "-");
        }
        boolean first = true;
        for (Map.Entry<String, String> e : sources.entrySet()) {
            out.printf(fmt, first ? "sources:" : "", e.getValue() + "  " + e.getKey());
            first = false;
        }
        out.printf(fmt, "profile:", rs.profilePackages().contains(p.name()) ? "in the profile"
                : "not in the profile (only needed to build others)");
        if (marker != null) {
            out.printf(fmt, "artifact:", artifact);
            out.printf(fmt, "built:", marker.path("built_at").asText() + " in "
                    + PlainBuildView.seconds(marker.path("build_millis").asLong()));
            out.printf(fmt, "log:", store.buildLog(p.name(), p.id()));
        } else if (failed) {
            out.printf(fmt, "artifact:", "not built; the last build failed, its log: " + failedLog);
        } else {
            out.printf(fmt, "artifact:", "not built (hd build builds it)");
        }
    }

    private static String describe(Source s) {
        if (s instanceof Source.Archive a) {
            return a.url() == null ? "archive" : a.url();
        }
        if (s instanceof Source.Git g) {
            return g.url() + (g.ref() == null ? "" : " (" + g.ref() + ")");
        }
        if (s instanceof Source.Tree t) {
            return "path: " + t.path();
        }
        if (s instanceof Source.Local l) {
            return "local: " + l.dir();
        }
        return s.toString();
    }

    private static String read(Path f) throws HdException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HdException("cannot read " + f + ": " + e.getMessage(),
                    "check that the store is readable; a damaged artifact is rebuilt once removed");
        }
    }
}
