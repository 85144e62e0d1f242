package dev.hd.cli;

import dev.hd.builder.RefMap;
import dev.hd.builder.Store;
import dev.hd.gitstore.GitCli;
import dev.hd.hooks.HookException;
import dev.hd.hooks.Hooks;
import dev.hd.hooks.StaleMarker;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd hooks install|uninstall|status}: the git hooks that switch profiles when git moves HEAD. */
@Command(name = "hooks",
        description = {"Manage the git hooks that make git checkout, switch, pull and rebase switch the profile too.",
                "post-checkout, post-merge and post-rewrite switch the profile of every stack hd built in the repository:"
                        + " at once, without starting hd, when the new revision is built; else the profile is kept and"
                        + " marked stale."},
        footer = {"", "Examples:", "  hd hooks install", "  hd hooks install --build   # build what is missing instead",
                "  hd hooks status", "  hd hooks uninstall          # puts back the hooks that were there"},
        subcommands = {HooksCommand.Install.class, HooksCommand.Uninstall.class, HooksCommand.Status.class})
final class HooksCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        throw new UsageException("say what to do: hd hooks install, hd hooks uninstall or hd hooks status");
    }

    /** The repository's top level and git's hooks directory (core.hooksPath when set). */
    private record Where(Path top, Path hooksDir, GitCli git) {
    }

    private Where where() throws HdException {
        Path top = StackTarget.topLevel(main.cwd());
        if (top == null) {
            throw new HdException(main.cwd() + " is in no git repository", "run hd hooks in the stack repository (or use -C DIR)");
        }
        GitCli git = GitCli.at(top, main.ctx().env());
        return new Where(top, git.hooksDir(), git);
    }

    private static HdException failure(HookException e) {
        return new HdException(e.getMessage(), e.hint(), e);
    }

    private static String describe(Hooks.Change c) {
        return switch (c.action()) {
            case INSTALLED -> "installed" + (c.chained() ? " (the hook that was there runs first: kept as " + c.name()
                    + Hooks.CHAINED_SUFFIX + ")" : "");
            case UPDATED -> "updated" + (c.chained() ? " (still chains " + c.name() + Hooks.CHAINED_SUFFIX + ")" : "");
            case UNCHANGED -> "already installed" + (c.chained() ? " (chains " + c.name() + Hooks.CHAINED_SUFFIX + ")" : "");
            case REMOVED -> "removed" + (c.chained() ? "; the hook that was there before is back" : "");
            case RESTORED -> "the hook that was there before is back";
            case LEFT_ALONE -> "not hd's: left alone";
            case NOTHING -> "none";
        };
    }

    /** {@code hd hooks install}. */
    @Command(name = "install", description = {"Install hd's hooks (again: update them); a hook already there runs first.",
            "Respects core.hooksPath. Without --build, a revision that is not built leaves the profile as it is, marked"
                    + " stale (hd status, HD_STALE=1 from hd env), and the hook prints the command that builds it."})
    static final class Install implements Callable<Integer> {
        @ParentCommand
        HooksCommand parent;

        @Option(names = "--build", description = "Build a revision that is not built (the hook runs hd build) instead of marking it stale.")
        boolean build;

        @Option(names = "--hd", paramLabel = "COMMAND", description = "The hd the hooks run for --build (default: this hd).")
        String hd;

        @Override
        public Integer call() throws HdException {
            Main main = parent.main;
            Where w = parent.where();
            Path store = main.storeRoot();
            Hooks.Config config = new Hooks.Config(store, hd != null ? hd : launcher(main), StackBuild.contextKey(main), build,
                    w.top(), RefMap.repoKey(w.top().toString()));
            List<Hooks.Change> changes;
            try {
                changes = Hooks.install(w.hooksDir(), config);
            } catch (HookException e) {
                throw failure(e);
            }
            PrintWriter out = main.ctx().out();
            for (Hooks.Change c : changes) {
                out.println(c.path() + ": " + describe(c));
            }
            if (w.hooksDir().startsWith(w.top()) && !w.hooksDir().startsWith(w.top().resolve(".git"))) {
                main.ctx().err().println("hd: note: core.hooksPath is " + w.hooksDir() + ", inside the working tree: git"
                        + " status shows hd's hook files there unless you ignore them");
            }
            out.println("git checkout, switch, pull and rebase now switch the profile of every stack hd built in "
                    + w.top() + (build ? "; a revision that is not built is built (hd build)."
                            : "; a revision that is not built is marked stale."));
            out.println("Store: " + store + " (HD_STORE, when set, wins when a hook runs)");
            return Main.OK;
        }

        /** The hd the user ran (the launcher passes its path), absolute; else "hd", looked up on PATH when a hook runs. */
        private static String launcher(Main main) {
            String l = System.getProperty("hd.launcher");
            if (l == null || l.isBlank()) {
                return "hd";
            }
            return l.contains("/") ? main.ctx().cwd().resolve(l).toAbsolutePath().normalize().toString() : l;
        }
    }

    /** {@code hd hooks uninstall}. */
    @Command(name = "uninstall", description = "Remove hd's hooks and put back, byte for byte, the hooks they chained.")
    static final class Uninstall implements Callable<Integer> {
        @ParentCommand
        HooksCommand parent;

        @Override
        public Integer call() throws HdException {
            Main main = parent.main;
            Where w = parent.where();
            List<Hooks.Change> changes;
            try {
                changes = Hooks.uninstall(w.hooksDir());
            } catch (HookException e) {
                throw failure(e);
            }
            PrintWriter out = main.ctx().out();
            for (Hooks.Change c : changes) {
                out.println(c.path() + ": " + describe(c));
            }
            // without the hooks nothing keeps a stale mark true: drop them
            RefMap refs = new RefMap(new Store(main.storeRoot()));
            for (String stack : refs.stacks(w.top().toString())) {
                Path link = (stack.isEmpty() ? w.top() : w.top().resolve(stack)).resolve(".hd/profile");
                try {
                    StaleMarker.clear(link);
                } catch (IOException e) {
                    main.ctx().err().println("hd: note: cannot remove " + StaleMarker.of(link) + ": " + e.getMessage());
                }
            }
            return Main.OK;
        }
    }

    /** {@code hd hooks status}. */
    @Command(name = "status", description = "Show which of hd's hooks are installed, where, and with what settings.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        HooksCommand parent;

        @Override
        public Integer call() throws HdException {
            Main main = parent.main;
            Where w = parent.where();
            PrintWriter out = main.ctx().out();
            out.println("Hooks directory: " + w.hooksDir());
            boolean any = false;
            for (Hooks.Hook h : Hooks.status(w.hooksDir())) {
                String state = switch (h.state()) {
                    case NONE -> "not installed";
                    case FOREIGN -> "not hd's (run hd hooks install to chain it)";
                    case HD -> "hd's" + (h.chains() ? ", chains " + h.name() + Hooks.CHAINED_SUFFIX : "");
                };
                out.println("  " + h.name() + ": " + state);
                if (h.config().isPresent()) {
                    any = true;
                    Hooks.Config c = h.config().get();
                    String warn = "";
                    if (!c.store().equals(main.storeRoot())) {
                        warn = " (this hd uses " + main.storeRoot() + ")";
                    } else if (!c.context().equals(StackBuild.contextKey(main))) {
                        warn = " (made for another machine or HOME: run hd hooks install again)";
                    }
                    out.println("      " + (c.build() ? "builds what is missing" : "marks unbuilt revisions stale")
                            + "; store " + c.store() + warn + (c.build() ? "; runs " + c.hdCommand() : ""));
                }
            }
            if (!any) {
                out.println("hd's hooks are not installed here: hd hooks install");
            }
            return Main.OK;
        }
    }
}
