package dev.hd.cli;

import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd build}: builds what a stack is missing and switches its profile link to the result. */
@Command(name = "build",
        description = {"Build what is missing in a stack, then point its profile link (DIR/.hd/profile) at the result.",
                "Says what it builds and why; a second run builds nothing."},
        footer = {"", "Examples:", "  hd build", "  hd build examples -j 4", "  hd build cflags=-O0 --keep-going",
                "  hd build HEAD~2              # a revision: its profile is built, no link switched",
                "  examples/.hd/profile/bin/hello"})
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    StackArgs stack;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Packages built at once (default: the store config's build.jobs, else the number of cores).")
    Integer jobs;

    @Option(names = {"-k", "--keep-going"}, description = "After a failure, keep building what does not depend on it.")
    boolean keepGoing;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link to switch (default: DIR/.hd/profile).")
    Path link;

    @Option(names = "--rev", paramLabel = "REV", description = "Build this revision of the stack repository (when REV is also a directory's name).")
    String rev;

    @Override
    public Integer call() throws HdException {
        long t0 = System.nanoTime();
        int j = Sources.jobs(main, jobs);
        if (j < 1) {
            throw new UsageException("--jobs must be at least 1, got " + j);
        }
        try (StackTarget target = StackTarget.of(main, stack.target(), rev)) {
            if (target.isRevision() && link != null) {
                throw new UsageException("--link switches the working tree's profile; a revision build switches none"
                        + " (use 'hd checkout " + target.rev() + "' to check it out and switch)");
            }
            Path linkPath = target.isRevision() ? null
                    : link == null ? target.dir().resolve(".hd/profile") : main.cwd().resolve(link).normalize();
            BuildView[] view = new BuildView[1];
            StackBuild.Outcome o;
            try {
                o = new StackBuild(main, target, stack.overrides(), j, keepGoing).run(linkPath,
                        reasons -> view[0] = BuildView.of(main, reasons, j));
            } finally {
                if (view[0] != null) {
                    view[0].close();
                }
            }
            if (!o.ok()) {
                view[0].report(o.failed());
                return Main.FAILURE;
            }
            if (!target.isRevision()) {
                // .hd/ matches at any depth: the top's exclude file covers stacks in subdirectories too
                GitExclude.addHdDir(target.topLevel() != null ? target.topLevel() : target.dir());
            }
            PrintWriter out = main.ctx().out();
            if (o.built() == 0) {
                int n = o.result() == null ? o.packages() : o.result().upToDate().size();
                // no printf on the no-op path: java.util.Formatter and its locale data cost ~10 ms at start-up
                out.println("Nothing to build: " + n + " package" + (n == 1 ? "" : "s") + " up to date.");
            } else {
                out.printf("Built %d package%s in %s (%d up to date).%n", o.built(), o.built() == 1 ? "" : "s",
                        PlainBuildView.seconds((System.nanoTime() - t0) / 1_000_000), o.result().upToDate().size());
            }
            Path profileDir = new Store(main.storeRoot()).profile(o.profile());
            if (linkPath == null) {
                out.println("Profile of " + target.describe() + ": " + profileDir);
            } else {
                out.println("Profile: " + linkPath + " -> " + profileDir);
            }
            return Main.OK;
        }
    }
}
