package dev.hd.cli;

import dev.hd.builder.BuildOptions;
import dev.hd.builder.BuildReasons;
import dev.hd.builder.BuildResult;
import dev.hd.builder.Builder;
import dev.hd.builder.DefaultSourceProvider;
import dev.hd.builder.FileLocks;
import dev.hd.builder.Generations;
import dev.hd.builder.HostProbe;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.RefMap;
import dev.hd.builder.ResolutionCache;
import dev.hd.builder.Store;
import dev.hd.gitstore.GitCommitSpecSource;
import dev.hd.gitstore.WorkingTreeSpecSource;
import dev.hd.hooks.StaleMarker;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.FileStamp;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ProbeRunner;
import dev.hd.resolver.ResolveOptions;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import dev.hd.resolver.Source;
import dev.hd.resolver.SpecSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one path from a stack to an active profile, shared by {@code hd build} and
 * {@code hd checkout}: look the stack up in the resolution cache (a commit by its id, a
 * directory by the stamps of every file its last resolution read), else resolve it; build
 * what is missing; make the profile; switch the link (when there is one); record the ref
 * map. The store lock is held shared throughout, so GC cannot take away what is about to
 * be linked.
 */
final class StackBuild {
    /** How many times a stack was actually resolved (parsed) in this JVM: tests check the cache with it. */
    static final AtomicInteger RESOLUTIONS = new AtomicInteger();
    /** Bump when the cache key or entry means something else. */
    private static final String CACHE_FORMAT = "hd-stack-build 1";

    private final Main main;
    private final StackTarget target;
    private final Map<String, String> overrides;
    private final int jobs;
    private final boolean keepGoing;

    /**
     * The result.
     *
     * @param profile   the profile the stack resolved to (built)
     * @param result    what the builder did, or {@code null} when the cache answered (nothing built)
     * @param packages  how many packages the stack has
     * @param switched  whether the link now points somewhere else than before
     * @param failed    the failed build, when the builder failed (then no profile)
     */
    record Outcome(ProfileId profile, BuildResult result, int packages, boolean switched, BuildResult failed) {
        boolean ok() {
            return failed == null;
        }

        int built() {
            return result == null ? 0 : result.built().size();
        }
    }

    StackBuild(Main main, StackTarget target, Map<String, String> overrides, int jobs, boolean keepGoing) {
        this.main = main;
        this.target = target;
        this.overrides = new TreeMap<>(overrides);
        this.jobs = jobs;
        this.keepGoing = keepGoing;
    }

    /**
     * Builds the stack and points {@code link} at its profile.
     *
     * @param link     the profile link to switch, or {@code null} to switch none
     * @param view     how to show the build (made on demand: the cached path shows nothing)
     */
    Outcome run(Path link, ViewFactory view) throws HdException {
        return run(link, view, null);
    }

    /**
     * Like {@link #run(Path, ViewFactory)}, with a step between "the profile exists" and the
     * switch of the link ({@code hd checkout} checks the revision out there): when it fails,
     * the link is not touched.
     */
    @SuppressWarnings("try") // the store lock is held, not used
    Outcome run(Path link, ViewFactory view, BeforeSwitch beforeSwitch) throws HdException {
        Store store = new Store(main.storeRoot());
        Profiles profiles = new Profiles(store);
        ResolutionCache cache = new ResolutionCache(store);
        Upstream upstream = new Upstream(main, target.dir());
        String key = cacheKey(upstream);
        Optional<ProfileId> before = link == null ? Optional.empty() : profiles.current(link);
        try (FileLocks.Held storeLock = FileLocks.shared(store.storeLock())) {
            ProfileId pid = null;
            int packages = 0;
            BuildResult result = null;
            Optional<ResolutionCache.Entry> hit = cache.read(key).filter(e -> valid(store, e));
            boolean resolvedNow = hit.isEmpty();
            SpecSource source = null;
            ResolutionCache.Entry fresh = null;
            if (hit.isPresent()) {
                pid = hit.get().profile();
                packages = hit.get().artifacts().size();
            } else {
                List<ResolutionCache.Probe> probes = Collections.synchronizedList(new ArrayList<>());
                try {
                    source = target.source();
                } catch (HdException e) {
                    throw new ResolveFailure(e);
                }
                ProbeRunner runner = HostProbe.standard(main.ctx().env("HOME"));
                ResolveOptions opts = upstream.apply(Platform.options(main).withOverrides(overrides).withProbes((name, command) -> {
                    String out = runner.run(name, command);
                    probes.add(new ResolutionCache.Probe(name, command, ResolutionCache.sha256(out)));
                    return out;
                }));
                RESOLUTIONS.incrementAndGet();
                ResolvedStack rs;
                try {
                    rs = Resolver.resolve(source, opts);
                } catch (HdException e) {
                    throw new ResolveFailure(e);
                }
                packages = rs.packages().size();
                Map<String, ArtifactId> previous = previousArtifacts(profiles, before);
                Builder builder = new Builder(store,
                        upstream.sources(DefaultSourceProvider.withCache(upstream.gitExporter(), () -> Sources.cache(main))),
                        new BuildOptions(jobs, keepGoing, Map.of(), BuildOptions.DEFAULT_SOURCE_DATE_EPOCH),
                        view.make(new BuildReasons(store, previous)));
                result = builder.build(rs);
                if (!result.ok()) {
                    return new Outcome(null, null, packages, false, result);
                }
                pid = profiles.create(rs);
                if (cacheable(rs)) {
                    Map<String, ArtifactId> artifacts = new TreeMap<>();
                    for (ResolvedPackage p : rs.packages()) {
                        artifacts.put(p.name(), p.id());
                    }
                    List<FileStamp> stamps = new ArrayList<>(stampsOf(source));
                    stamps.addAll(upstream.stamps()); // the mirror refs floating sources were read from
                    fresh = new ResolutionCache.Entry(pid, artifacts, probes, stamps);
                    try {
                        cache.write(key, fresh, System.currentTimeMillis() * 1_000_000L);
                    } catch (IOException e) {
                        // a cache that cannot be written only costs speed next time
                    }
                }
            }
            if (overrides.isEmpty()) {
                // before the switch: creating .hd/ for the link would look like a change to the stack directory
                new StackRefs(main, store, target).record(pid, resolvedNow ? Optional.ofNullable(fresh) : Optional.empty(),
                        source, resolvedNow);
            }
            if (beforeSwitch != null) {
                beforeSwitch.run(pid);
            }
            boolean switched = false;
            if (link != null) {
                if (!before.equals(Optional.of(pid))) {
                    profiles.switchLink(link, pid, generationDescription());
                    switched = true;
                }
                profiles.addRoot(link);
                StaleMarker.clear(link);
            }
            return new Outcome(pid, result, packages, switched, null);
        } catch (IOException e) {
            throw new HdException("cannot point " + link + " at the profile in " + store.profilesDir() + ": "
                    + e.getMessage(), "use --link to choose another place for the profile link");
        }
    }

    /** A step run once the profile exists, before the link is switched; its failure leaves the link as it was. */
    @FunctionalInterface
    interface BeforeSwitch {
        void run(ProfileId profile) throws HdException;
    }

    /**
     * The stack could not be read or resolved (a bad spec, a revision without stack.yaml):
     * the same message and hint, told apart from a failure to build ({@code hd bisect}).
     */
    static final class ResolveFailure extends HdException {
        private static final long serialVersionUID = 1L;

        ResolveFailure(HdException cause) {
            super(cause.getMessage(), cause.hint(), cause);
        }
    }

    /**
     * What the link's new generation records (docs/generations-and-gc.md): {@code rev <ref>
     * <commit>} for a revision, {@code dir <path>} for a directory; then any k=v overrides.
     */
    private String generationDescription() throws HdException {
        StringBuilder sb = new StringBuilder(target.isRevision()
                ? Generations.revDescription(target.refName().orElse(target.rev()), target.commit())
                : Generations.dirDescription(target.dir()));
        overrides.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Makes the build view once a build is going to run. */
    @FunctionalInterface
    interface ViewFactory {
        dev.hd.builder.BuildListener make(BuildReasons reasons);
    }

    /** What decides a resolution besides the stack's files: the machine (see {@link #contextKey}). */
    private static List<String> machineParts(Main main) {
        return new ArrayList<>(List.of(CACHE_FORMAT, Platform.os(), Platform.arch(), String.valueOf(main.ctx().env("HOME"))));
    }

    /** The machine part of the ref map's tree keys ({@code refs/trees/<context>/}), which the hooks are told. */
    static String contextKey(Main main) {
        return RefMap.contextKey(machineParts(main).toArray(new String[0]));
    }

    /**
     * The cache key of a stack whose directory has git tree id {@code tree}: its content, so any
     * commit (of any clone) with that stack tree shares the entry.
     */
    static String treeCacheKey(Main main, String tree, Map<String, String> overrides) {
        List<String> parts = machineParts(main);
        parts.add("tree");
        parts.add(tree);
        new TreeMap<>(overrides).forEach((k, v) -> parts.add(k + "=" + v));
        return ResolutionCache.key(parts.toArray(new String[0]));
    }

    /** Everything besides the stack's files that decides what it resolves to. */
    private String cacheKey(Upstream upstream) throws HdException {
        String develop = upstream.developKey();
        if (target.isRevision() && target.tree().isPresent()) {
            String k = treeCacheKey(main, target.tree().get(), overrides);
            // packages in develop mode: the tree alone does not decide (and such a resolution is never cached)
            return develop.isEmpty() ? k : ResolutionCache.key(k, "develop", develop);
        }
        List<String> parts = machineParts(main);
        if (target.isRevision()) {
            parts.add("commit"); // no stack directory at that commit: the resolution fails and caches nothing
            parts.add(target.topLevel().toString());
            parts.add(target.stackDir());
            parts.add(target.commit());
        } else {
            parts.add(target.topLevel() == null ? "dir" : "worktree");
            parts.add(target.dir().toString());
        }
        overrides.forEach((k, v) -> parts.add(k + "=" + v));
        if (!develop.isEmpty()) {
            parts.add("develop");
            parts.add(develop);
        }
        return ResolutionCache.key(parts.toArray(new String[0]));
    }

    /** What the resolution cache says the stack resolves to, when it has a valid entry (nothing is parsed). */
    Optional<ResolutionCache.Entry> cached() throws HdException {
        Store store = new Store(main.storeRoot());
        return new ResolutionCache(store).read(cacheKey(new Upstream(main, target.dir()))).filter(e -> valid(store, e));
    }

    /** Whether a cached entry still holds: files unchanged, every artifact and the profile there, probes alike. */
    private static boolean valid(Store store, ResolutionCache.Entry e) {
        if (!Files.isDirectory(store.profile(e.profile()))) {
            return false;
        }
        // a stat per artifact marker and one per file the resolution read: the two halves run
        // side by side (on the no-op path of a big stack they are most of hd's own work)
        java.util.concurrent.atomic.AtomicBoolean markers = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread checker = new Thread(() -> {
            for (Map.Entry<String, ArtifactId> a : e.artifacts().entrySet()) {
                if (!Files.exists(store.artifactMarker(a.getKey(), a.getValue()))) {
                    markers.set(false);
                    return;
                }
            }
        }, "hd-markers");
        checker.start();
        boolean files = ResolutionCache.filesUnchanged(e);
        try {
            checker.join();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!files || !markers.get()) {
            return false;
        }
        if (!e.probes().isEmpty()) {
            HostProbe probe = HostProbe.standard(null);
            for (ResolutionCache.Probe p : e.probes()) {
                try {
                    if (!ResolutionCache.sha256(probe.run(p.packageName(), p.command())).equals(p.outputSha256())) {
                        return false;
                    }
                } catch (HdException ex) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A resolution can be cached when every input is a file that was stamped or a fixed key:
     * not when a develop directory went into it (its content is checked by git's view of it
     * on every build). A floating upstream branch is cacheable: it was read from the mirror,
     * whose ref files are among the entry's stamps, so the entry holds until 'hd fetch' moves
     * the branch (docs/upstream.md).
     */
    private static boolean cacheable(ResolvedStack rs) {
        for (ResolvedPackage p : rs.packages()) {
            for (Source s : p.sources()) {
                if (s instanceof Source.Local) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<FileStamp> stampsOf(SpecSource source) {
        if (source instanceof WorkingTreeSpecSource w) {
            return w.stamps();
        }
        if (source instanceof DirectorySpecSource d) {
            return d.stamps();
        }
        if (source instanceof GitCommitSpecSource) {
            return List.of(); // a commit never changes
        }
        // an unknown source cannot say what it read: a stamp that never matches
        return List.of(new FileStamp(Path.of("/"), false, 'O', -1, -1, -1, -1));
    }

    /** The artifacts of the profile the link pointed at before, to say what changed. */
    static Map<String, ArtifactId> previousArtifacts(Profiles profiles, Optional<ProfileId> prev) {
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
