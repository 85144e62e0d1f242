package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.Store;
import dev.hd.gitstore.WorkingDirTree;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd develop}: builds a package of the stack in the current directory from a local
 * working directory instead of its spec's sources (and everything that depends on it), and
 * switches the profile; {@code --off} returns to the spec's sources; no arguments lists the
 * packages in develop mode. The state lives in the checkout's {@code .hd/develop.json}.
 */
@Command(name = "develop",
        description = {"Build a package from a local working directory instead of its spec's sources.",
                "PKG is built from DIR as git sees it (uncommitted changes included), what depends on it is",
                "rebuilt and the profile switched; it stays in develop mode for every later build of this",
                "checkout until --off. Without arguments: list the packages in develop mode."},
        footer = {"", "Examples:", "  hd develop libfoo --path ~/src/libfoo",
                "  vi ~/src/libfoo/foo.c; hd build    # libfoo incrementally, then its dependents",
                "  hd develop                         # which packages are in develop mode",
                "  hd develop libfoo --off            # back to the pinned artifact",
                "", "Run it in the stack directory (or use -C DIR). See docs/upstream.md."})
final class DevelopCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "PKG", arity = "0..1", description = "The package (as the stack names it).")
    String pkg;

    @Option(names = "--path", paramLabel = "DIR", description = "The local working directory to build PKG from.")
    Path path;

    @Option(names = "--off", description = "Leave develop mode: build PKG from its spec's sources again.")
    boolean off;

    @Option(names = "--no-build", description = "Only record the change; the next 'hd build' builds it.")
    boolean noBuild;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Packages built at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--json", description = "With no PKG: list as JSON.")
    boolean json;

    @Override
    public Integer call() throws HdException {
        PrintWriter out = main.ctx().out();
        try (StackTarget target = StackTarget.of(main, null, null)) {
            Path stackDir = target.dir();
            DevelopState state = DevelopState.read(stackDir);
            if (pkg == null) {
                if (path != null || off) {
                    throw new UsageException("name the package: hd develop PKG " + (off ? "--off" : "--path DIR"));
                }
                return list(stackDir, state);
            }
            if ((path != null) == off) {
                throw new UsageException(off ? "give either --path DIR or --off, not both"
                        : "give --path DIR to develop " + pkg + " from a local directory, or --off to stop");
            }
            DevelopState next;
            if (off) {
                if (!state.packages().containsKey(pkg)) {
                    throw new HdException(pkg + " is not in develop mode in " + stackDir, state.packages().isEmpty()
                            ? "no package is" : "these are: " + String.join(", ", state.packages().keySet()));
                }
                next = state.without(pkg);
            } else {
                Path dir = main.cwd().resolve(path).toAbsolutePath().normalize();
                if (!Files.isDirectory(dir)) {
                    throw new HdException("no directory " + dir, "give the working directory holding " + pkg + "'s sources");
                }
                WorkingDirTree.scan(dir); // refuses submodules and unreadable trees before anything changes
                ResolvedStack rs = Resolver.resolve(target.source(), Platform.options(main));
                if (!rs.byName().containsKey(pkg)) {
                    String guess = suggest(pkg, rs.byName().keySet());
                    throw new HdException("no package '" + pkg + "' in the stack " + stackDir,
                            guess == null ? "'hd resolve' lists its packages" : "did you mean '" + guess + "'?");
                }
                next = state.with(pkg, dir);
            }
            next.write(stackDir);
            GitExclude.addHdDir(stackDir);
            out.println(off ? pkg + " left develop mode: it is built from its spec's sources again"
                    : pkg + " is in develop mode: built from " + next.packages().get(pkg));
            if (noBuild) {
                out.println("run 'hd build' to build it");
                return Main.OK;
            }
            return build(target);
        }
    }

    private int build(StackTarget target) throws HdException {
        long t0 = System.nanoTime();
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new UsageException("--jobs must be at least 1, got " + j);
        }
        Path link = target.dir().resolve(".hd/profile");
        PlainBuildView[] view = new PlainBuildView[1];
        StackBuild.Outcome o = new StackBuild(main, target, Map.of(), j, false).run(link,
                reasons -> view[0] = new PlainBuildView(main.ctx().out(), main.ctx().err(), reasons, main.quiet(),
                        main.verbose()));
        PrintWriter out = main.ctx().out();
        if (!o.ok()) {
            view[0].report(o.failed());
            main.ctx().err().println("hint: the develop state is kept: fix the sources and run 'hd build', or 'hd develop "
                    + pkg + " --off'");
            return Main.FAILURE;
        }
        if (o.built() == 0) {
            out.println("Nothing to build: " + o.packages() + " package" + (o.packages() == 1 ? "" : "s") + " up to date.");
        } else {
            out.printf("Built %d package%s in %s (%d up to date).%n", o.built(), o.built() == 1 ? "" : "s",
                    PlainBuildView.seconds((System.nanoTime() - t0) / 1_000_000), o.result().upToDate().size());
        }
        out.println("Profile: " + link + " -> " + new Store(main.storeRoot()).profile(o.profile()));
        return Main.OK;
    }

    private int list(Path stackDir, DevelopState state) throws HdException {
        PrintWriter out = main.ctx().out();
        Upstream up = new Upstream(main, stackDir);
        if (json) {
            ObjectNode doc = Json.document();
            doc.put("stack", stackDir.toString());
            ArrayNode arr = doc.putArray("packages");
            for (Map.Entry<String, Path> e : state.packages().entrySet()) {
                ObjectNode o = arr.addObject();
                o.put("name", e.getKey());
                o.put("path", e.getValue().toString());
                try {
                    WorkingDirTree.Snapshot s = up.snapshot(e.getValue());
                    o.put("key", s.key().toString());
                    o.put("git", s.inGit());
                    s.head().ifPresent(h -> o.put("head", h));
                    ArrayNode ch = o.putArray("changed");
                    s.changed().forEach(ch::add);
                } catch (HdException ex) {
                    o.put("error", ex.getMessage());
                }
            }
            out.println(Json.write(doc));
            return Main.OK;
        }
        if (state.packages().isEmpty()) {
            out.println("no package of " + stackDir + " is in develop mode ('hd develop PKG --path DIR' puts one in)");
            return Main.OK;
        }
        int w = state.packages().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Path> e : state.packages().entrySet()) {
            String how;
            try {
                how = UpstreamStatus.describe(up.snapshot(e.getValue()));
            } catch (HdException ex) {
                how = "(" + ex.getMessage() + ")";
            }
            out.println(String.format("%-" + w + "s  %s  %s", e.getKey(), e.getValue(), how));
        }
        return Main.OK;
    }

    private static String suggest(String word, java.util.Collection<String> names) {
        String best = null;
        int bestD = 3;
        for (String n : names) {
            int d = distance(word, n);
            if (d < bestD) {
                best = n;
                bestD = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }
}
