package dev.hd.cli;

import dev.hd.builder.BuildOptions;
import dev.hd.builder.BuildReasons;
import dev.hd.builder.BuildResult;
import dev.hd.builder.Builder;
import dev.hd.builder.DefaultSourceProvider;
import dev.hd.builder.FileLocks;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.Store;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
                "  examples/.hd/profile/bin/hello"})
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    StackArgs stack;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Packages built at once (default: the number of cores).")
    Integer jobs;

    @Option(names = {"-k", "--keep-going"}, description = "After a failure, keep building what does not depend on it.")
    boolean keepGoing;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link to switch (default: DIR/.hd/profile).")
    Path link;

    @Override
    @SuppressWarnings("try") // the store lock is held, not used
    public Integer call() throws HdException {
        long t0 = System.nanoTime();
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new UsageException("--jobs must be at least 1, got " + j);
        }
        Path dir = StackDirs.directory(main, stack.target());
        ResolvedStack rs = Resolver.resolve(new DirectorySpecSource(dir), Platform.options(main).withOverrides(stack.overrides()));
        Store store = new Store(main.storeRoot());
        Path linkPath = link == null ? dir.resolve(".hd/profile") : main.cwd().resolve(link).normalize();
        Profiles profiles = new Profiles(store);

        Optional<ProfileId> before = profiles.current(linkPath);
        PlainBuildView view = new PlainBuildView(main.ctx().out(), main.ctx().err(),
                new BuildReasons(store, previousArtifacts(profiles, before)), main.quiet(), main.verbose());
        Builder builder = new Builder(store, DefaultSourceProvider.withCache(null, () -> Sources.cache(main)),
                new BuildOptions(j, keepGoing, Map.of(), BuildOptions.DEFAULT_SOURCE_DATE_EPOCH), view);
        BuildResult result;
        ProfileId pid;
        // shared for the whole command: GC must not take new artifacts away before the
        // profile link (a GC root) points at them
        try (FileLocks.Held storeLock = FileLocks.shared(store.storeLock())) {
            result = builder.build(rs);
            if (!result.ok()) {
                view.report(result);
                return Main.FAILURE;
            }
            pid = profiles.create(rs);
            if (!before.equals(Optional.of(pid))) {
                profiles.switchLink(linkPath, pid);
            }
            profiles.addRoot(linkPath);
        } catch (IOException e) {
            throw new HdException("cannot point " + linkPath + " at the profile in " + store.profilesDir() + ": "
                    + e.getMessage(), "use --link to choose another place for the profile link");
        }
        GitExclude.addHdDir(dir);

        PrintWriter out = main.ctx().out();
        if (result.built().isEmpty()) {
            out.printf("Nothing to build: %d package%s up to date.%n", result.upToDate().size(),
                    result.upToDate().size() == 1 ? "" : "s");
        } else {
            out.printf("Built %d package%s in %s (%d up to date).%n", result.built().size(),
                    result.built().size() == 1 ? "" : "s", PlainBuildView.seconds((System.nanoTime() - t0) / 1_000_000),
                    result.upToDate().size());
        }
        out.println("Profile: " + linkPath + " -> " + profiles.dir(pid));
        return Main.OK;
    }

    /** The artifacts of the profile the link pointed at before, to say what changed. */
    private static Map<String, ArtifactId> previousArtifacts(Profiles profiles, Optional<ProfileId> prev) {
        Map<String, ArtifactId> m = new HashMap<>();
        if (prev.isPresent() && profiles.exists(prev.get())) {
            try {
                for (Profiles.Member a : profiles.members(prev.get())) {
                    m.put(a.name(), a.id());
                }
            } catch (IOException | IllegalArgumentException e) {
                // without the old profile's list, reasons compare with the newest artifacts instead
            }
        }
        return m;
    }
}
