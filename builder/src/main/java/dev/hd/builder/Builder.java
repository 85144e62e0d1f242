package dev.hd.builder;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the missing artifacts of a stack, independent packages in parallel, each into its
 * final directory {@code bld/<name>/<id>} which becomes visible (complete) only when its
 * marker is renamed into place. See {@link Publisher} for the commit protocol and
 * {@link BuildEnvironment} for what a build sees.
 *
 * <p>Several builders (threads or processes) may work on one store at once: each artifact is
 * built under its own lock, and whoever gets the lock second finds the marker and reuses the
 * artifact. The whole run holds the store lock shared, so that GC (which takes it exclusive)
 * never removes something a build is using.
 */
public final class Builder {
    private final Store store;
    private final SourceProvider sources;
    private final BuildOptions options;
    private final BuildListener listener;

    public Builder(Store store, SourceProvider sources, BuildOptions options, BuildListener listener) {
        this.store = store;
        this.sources = sources;
        this.options = options;
        this.listener = listener;
    }

    /** Whether the package's artifact is complete: one stat of its marker. */
    public boolean isBuilt(ResolvedPackage p) {
        return Files.exists(store.artifactMarker(p.name(), p.id()));
    }

    /**
     * Builds what is missing. Build failures do not throw: they are in the result, with the
     * packages they block.
     *
     * @throws HdException when the store cannot be used at all (not writable, ...)
     */
    @SuppressWarnings("try") // the store lock is held, not used
    public BuildResult build(ResolvedStack stack) throws HdException {
        List<ResolvedPackage> missing = new ArrayList<>();
        List<ResolvedPackage> upToDate = new ArrayList<>();
        for (ResolvedPackage p : stack.packages()) {
            (isBuilt(p) ? upToDate : missing).add(p);
        }
        listener.planned(stack.packages().size(), List.copyOf(missing));
        if (missing.isEmpty()) {
            return new BuildResult(List.of(), upToDate, List.of(), List.of());
        }
        try {
            Files.createDirectories(store.tmpDir());
            Files.createDirectories(store.buildsDir());
        } catch (IOException e) {
            throw new HdException("cannot write to the store " + store.root() + ": " + e,
                    "check its permissions, or choose another store with --store or HD_STORE", e);
        }
        try (FileLocks.Held held = FileLocks.shared(store.storeLock())) {
            return new Run(stack, missing, upToDate).execute();
        } catch (IOException e) {
            throw new HdException("cannot lock the store " + store.root() + ": " + e,
                    "check that " + store.locksDir() + " is writable", e);
        }
    }

    private enum Kind { BUILT, REUSED, FAILED, ERROR }

    private record Outcome(ResolvedPackage pkg, Kind kind, BuildFailure failure, Throwable error) {
    }

    /** One call of {@link #build}: the scheduler state. Only the calling thread touches it. */
    private final class Run {
        private final ResolvedStack stack;
        private final List<ResolvedPackage> missing;
        private final List<ResolvedPackage> upToDate;
        private final BuildEnvironment environment;
        private final Publisher publisher = new Publisher(store);
        /**
         * Removes build directories after a successful publish, off the workers' path:
         * deleting directories is slow on some file systems and nobody waits for it.
         */
        private ExecutorService janitor;

        Run(ResolvedStack stack, List<ResolvedPackage> missing, List<ResolvedPackage> upToDate) {
            this.stack = stack;
            this.missing = missing;
            this.upToDate = new ArrayList<>(upToDate);
            this.environment = new BuildEnvironment(store, stack.byName(), options);
        }

        BuildResult execute() throws HdException {
            Set<String> missingNames = new HashSet<>();
            for (ResolvedPackage p : missing) {
                missingNames.add(p.name());
            }
            Map<String, Integer> waitingFor = new HashMap<>();
            Map<String, List<ResolvedPackage>> dependents = new HashMap<>();
            ArrayDeque<ResolvedPackage> ready = new ArrayDeque<>();
            Map<String, ResolvedPackage> all = stack.byName();
            for (ResolvedPackage p : missing) {
                int n = 0;
                for (String d : p.buildEnv()) {
                    if (!all.containsKey(d)) {
                        throw new IllegalArgumentException(p.name() + " needs " + d + ", which is not in the stack");
                    }
                    if (missingNames.contains(d)) {
                        n++;
                        dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
                    }
                }
                waitingFor.put(p.name(), n);
                if (n == 0) {
                    ready.add(p);
                }
            }

            int workers = Math.min(options.jobs(), missing.size());
            ExecutorService pool = Executors.newFixedThreadPool(workers, daemons("hd-build"));
            ExecutorService pumps = Executors.newCachedThreadPool(daemons("hd-build-output"));
            janitor = Executors.newSingleThreadExecutor(daemons("hd-cleanup"));
            BuildProcess process = new BuildProcess(BuildProcess.canIsolate(), pumps);
            LinkedBlockingQueue<Outcome> done = new LinkedBlockingQueue<>();
            List<ResolvedPackage> built = new ArrayList<>();
            List<BuildFailure> failed = new ArrayList<>();
            Set<String> finished = new HashSet<>();
            Throwable internal = null;
            boolean stop = false;
            int running = 0;
            try {
                while (true) {
                    while (!stop && running < workers && !ready.isEmpty()) {
                        ResolvedPackage p = ready.poll();
                        running++;
                        pool.execute(() -> done.add(buildOne(p, process)));
                    }
                    if (running == 0) {
                        break;
                    }
                    Outcome o = take(done);
                    running--;
                    finished.add(o.pkg().name());
                    switch (o.kind()) {
                        case BUILT, REUSED -> {
                            (o.kind() == Kind.BUILT ? built : upToDate).add(o.pkg());
                            for (ResolvedPackage d : dependents.getOrDefault(o.pkg().name(), List.of())) {
                                if (waitingFor.merge(d.name(), -1, Integer::sum) == 0) {
                                    ready.add(d);
                                }
                            }
                        }
                        case FAILED -> {
                            failed.add(o.failure());
                            stop |= !options.keepGoing();
                        }
                        case ERROR -> {
                            internal = o.error();
                            stop = true;
                        }
                        default -> throw new IllegalStateException();
                    }
                }
            } finally {
                pool.shutdown();
                pumps.shutdown();
                janitor.shutdown();
                awaitCleanUp();
            }
            if (internal != null) {
                throw new IllegalStateException("internal error while building: " + internal, internal);
            }
            List<ResolvedPackage> blocked = new ArrayList<>();
            for (ResolvedPackage p : missing) {
                if (!finished.contains(p.name())) {
                    blocked.add(p);
                }
            }
            Map<String, Integer> order = new HashMap<>();
            for (ResolvedPackage p : stack.packages()) {
                order.put(p.name(), order.size());
            }
            upToDate.sort(java.util.Comparator.comparing(p -> order.get(p.name())));
            return new BuildResult(built, upToDate, failed, blocked);
        }

        /** Waits until the build directories handed to the janitor are gone. */
        private void awaitCleanUp() {
            boolean interrupted = false;
            while (true) {
                try {
                    if (janitor.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    break; // leftovers in tmp/ are harmless: the next build of an id removes them
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private Outcome take(LinkedBlockingQueue<Outcome> done) throws HdException {
            try {
                return done.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HdException("interrupted while building",
                        "run the build again: what was built is kept, the rest is built then", e);
            }
        }

        /** Builds one package under its lock; never throws (the scheduler must hear back). */
        @SuppressWarnings("try") // the lock is held, not used
        private Outcome buildOne(ResolvedPackage p, BuildProcess process) {
            try {
                listener.started(p);
                try (FileLocks.Held lock = FileLocks.exclusive(store.artifactLock(p.id()), () -> listener.waiting(p))) {
                    if (isBuilt(p)) {
                        listener.reused(p);
                        return new Outcome(p, Kind.REUSED, null, null);
                    }
                    return new PackageBuild(p, process).run();
                }
            } catch (Throwable t) {
                return new Outcome(p, Kind.ERROR, null, t);
            }
        }

        /** The steps of one build; the caller holds the artifact's lock. */
        private final class PackageBuild {
            private final ResolvedPackage pkg;
            private final BuildProcess process;
            private final Path art;
            /** The package's local directory in develop mode, or null. */
            private final Source.Local local;
            private final Path buildDir;
            private final Path log;
            private final long start = System.currentTimeMillis();

            PackageBuild(ResolvedPackage pkg, BuildProcess process) {
                this.pkg = pkg;
                this.process = process;
                this.art = store.artifact(pkg.name(), pkg.id());
                this.local = developSource(pkg);
                // develop mode builds in a directory kept between builds, so that they are incremental
                this.buildDir = local == null ? store.buildDir(pkg.id()) : store.developBuildDir(pkg.name(), local.dir());
                this.log = store.buildLog(pkg.name(), pkg.id());
            }

            @SuppressWarnings("try") // the lock is held, not used
            Outcome run() throws IOException, InterruptedException {
                if (local == null) {
                    return guarded();
                }
                try (FileLocks.Held dev = FileLocks.exclusive(store.developLock(pkg.name(), local.dir()),
                        () -> listener.waiting(pkg))) {
                    return guarded();
                }
            }

            private Outcome guarded() throws IOException, InterruptedException {
                try {
                    return steps();
                } catch (IOException e) {
                    // the store let us down (disk full, a directory that cannot be removed):
                    // a failure of this package, reported like any other
                    return fail("hd", e.getMessage() == null ? e.toString() : e.getMessage(), -1);
                }
            }

            private Outcome steps() throws IOException, InterruptedException {
                // a directory without the marker is debris of a killed build: start over
                Files.createDirectories(art.getParent());
                Fs.createFresh(art);
                Files.createDirectory(art.resolve(Store.META_DIR));
                Files.writeString(store.buildSpec(pkg.name(), pkg.id()), pkg.buildSpecJson() + "\n", StandardCharsets.UTF_8);
                if (pkg.host()) {
                    return publish();
                }
                if (local == null) {
                    Fs.createFresh(buildDir);
                } else {
                    Files.createDirectories(buildDir);
                    Fs.createFresh(buildDir.resolve(BuildEnvironment.TMP_DIR));
                }
                Path script = store.buildScript(pkg.name(), pkg.id());
                Files.writeString(script, BuildEnvironment.script(pkg), StandardCharsets.UTF_8);
                Map<String, String> env = environment.of(pkg, buildDir);
                Files.writeString(store.buildEnvFile(pkg.name(), pkg.id()), BuildEnvironment.exportLines(env),
                        StandardCharsets.UTF_8);
                BuildProcess.Exit exit = null;
                String problem;
                try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    out.write(("hd: building " + pkg.label() + " " + pkg.id() + " in " + buildDir + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    problem = materialize(out);
                    if (problem == null) {
                        Files.createDirectories(buildDir.resolve(BuildEnvironment.HOME_DIR));
                        Files.createDirectories(buildDir.resolve(BuildEnvironment.TMP_DIR));
                        exit = process.run(pkg, script, buildDir, env, log, out, listener);
                    }
                }
                if (problem != null) {
                    return fail("sources", problem, -1);
                }
                if (exit.code() != 0) {
                    return failFromLog(exit);
                }
                return publish();
            }

            /** Puts every source in place; returns what went wrong, or null. */
            private String materialize(OutputStream out) throws IOException {
                if (pkg.sources().isEmpty()) {
                    return null;
                }
                listener.stage(pkg, "sources");
                for (Source s : pkg.sources()) {
                    Path target = buildDir.resolve(s.target()).normalize();
                    if (!target.startsWith(buildDir)) {
                        return "the source " + s.key() + " has target '" + s.target() + "', outside the build directory";
                    }
                    out.write(("hd: source " + s.key() + " -> " + s.target() + "\n").getBytes(StandardCharsets.UTF_8));
                    try {
                        Files.createDirectories(target);
                        sources.materialize(stack, pkg, s, target, new PackageListener(listener, pkg));
                    } catch (HdException e) {
                        return e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")");
                    } catch (IOException e) {
                        return "cannot put the source " + s.key() + " in place: " + e;
                    }
                }
                return null;
            }

            private Outcome publish() throws IOException {
                try {
                    publisher.publish(pkg, start, System.currentTimeMillis() - start);
                } catch (IOException e) {
                    return fail("publish", e.getMessage() == null ? e.toString() : e.getMessage(), -1);
                }
                if (local == null) {
                    janitor.execute(() -> cleanUp(buildDir));
                }
                listener.finished(pkg, System.currentTimeMillis() - start);
                return new Outcome(pkg, Kind.BUILT, null, null);
            }

            private Outcome failFromLog(BuildProcess.Exit exit) throws IOException {
                LogTail tail = LogTail.read(log, BuildFailure.TAIL_LINES);
                String stage = tail.failedStage() != null ? tail.failedStage() : exit.lastStage();
                String command = tail.failedCommand() != null ? tail.failedCommand()
                        : exit.code() > 128 ? "(bash was killed by signal " + (exit.code() - 128) + ")"
                        : "(the script exited with status " + exit.code() + ")";
                return fail(stage.isEmpty() ? "?" : stage, command, exit.code());
            }

            /** Keeps the log under logs/, removes the artifact directory and the build directory. */
            private Outcome fail(String stage, String command, int code) throws IOException {
                Path kept = store.failedLog(pkg.name(), pkg.id());
                Files.createDirectories(kept.getParent());
                if (Files.exists(log)) {
                    Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(kept);
                }
                if (code == -1) {
                    // a failure of hd's own steps: the log says what, as bash's trap does for commands
                    Files.writeString(kept, "hd: " + stage + " failed: " + command + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
                List<String> lines = LogTail.read(kept, BuildFailure.TAIL_LINES).lines();
                cleanUp(art);
                if (local == null) {
                    cleanUp(buildDir); // a develop build directory is kept: the next build goes on from it
                }
                BuildFailure f = new BuildFailure(pkg, stage, command, code, lines, kept);
                listener.failed(f);
                return new Outcome(pkg, Kind.FAILED, f, null);
            }

            /**
             * Best effort: what cannot be removed now (a process still writing) is debris
             * the next build of this id removes before it starts.
             */
            private void cleanUp(Path dir) {
                try {
                    Fs.deleteRecursively(dir);
                } catch (IOException e) {
                    // see above: not removing debris is never wrong, only untidy
                }
            }
        }
    }

    /**
     * The local directory a package is built from in develop mode ({@code hd develop}), or
     * null: its only source, a {@link Source.Local} at the build directory's root (what the
     * resolver makes of a develop package). Only such a package gets a persistent build directory.
     */
    static Source.Local developSource(ResolvedPackage p) {
        if (p.sources().size() == 1 && p.sources().get(0) instanceof Source.Local l && l.target().equals(".")) {
            return l;
        }
        return null;
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
