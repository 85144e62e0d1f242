package dev.hd.builder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Garbage collection: marks from the roots ({@link GcRoots}) through each live profile's
 * artifacts (and, unless turned off, the artifacts they were built with), then sweeps
 * everything else: artifacts, profiles, dangling roots, the generation logs of links that are
 * gone, leftovers of interrupted runs in {@code tmp/} and, when asked, source archives no live
 * artifact uses.
 *
 * <p>It holds the store lock exclusively, so no build runs meanwhile (builds hold it shared
 * from before they resolve until their link is switched): a build never loses an artifact it
 * is about to use. Removal is crash-safe: every doomed directory is first renamed, within its
 * parent, to a {@code .gc-} name (which is no artifact's or profile's), the parents are
 * fsync'd, and only then is anything deleted; profiles go before the artifacts they link to.
 * A crash leaves complete entries or {@code .gc-} debris, never a half-deleted artifact that
 * still looks complete. The sweep reads directory listings only: no artifact's metadata is
 * opened to decide that it is garbage.
 */
public final class GarbageCollector {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final Store store;
    private final Profiles profiles;

    public GarbageCollector(Store store) {
        this.store = store;
        this.profiles = new Profiles(store);
    }

    /**
     * What to collect.
     *
     * @param dryRun          only say what would go, with sizes
     * @param olderThan       when present, generations and ref-map profiles unused for this long are no roots
     * @param sources         also remove source archives no live artifact uses
     * @param keepGenerations old generations of each link that stay roots
     * @param keepBuildDeps   keep the artifacts live ones were built with
     * @param now             the time {@code olderThan} counts back from
     */
    public record Options(boolean dryRun, Optional<Duration> olderThan, boolean sources, int keepGenerations,
            boolean keepBuildDeps, Instant now) {
        public static final int DEFAULT_KEEP_GENERATIONS = 3;

        /** A run with the defaults of docs/generations-and-gc.md. */
        public static Options defaults() {
            return new Options(false, Optional.empty(), false, DEFAULT_KEEP_GENERATIONS, true, Instant.now());
        }

        /** The options with the store config's {@code keep-generations} and {@code gc.keep-build-deps} applied. */
        public Options with(StoreConfig config) {
            return new Options(dryRun, olderThan, sources,
                    config.getInt("gc.keep-generations").orElse(keepGenerations),
                    config.getBoolean("gc.keep-build-deps").orElse(keepBuildDeps), now);
        }
    }

    /** What an item is. */
    public enum Kind {
        ARTIFACT, PROFILE, ROOT, LOG, LEFTOVER, SOURCE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One thing removed (or, in a dry run, to be removed).
     *
     * @param kind  what it is
     * @param path  where it is
     * @param label for people: "hello 3kq2m4x9abcd", "profile 4b...", "build directory of an interrupted build"
     * @param bytes the size of its files
     */
    public record Item(Kind kind, Path path, String label, long bytes) {
    }

    /**
     * The outcome.
     *
     * @param items          what was removed (or would be)
     * @param bytes          their total size
     * @param keptArtifacts  artifacts kept
     * @param keptProfiles   profiles kept
     * @param roots          the live roots
     * @param expired        roots not honoured (too old, beyond keep-generations)
     */
    public record Result(boolean dryRun, List<Item> items, long bytes, int keptArtifacts, int keptProfiles,
            List<GcRoots.Root> roots, List<GcRoots.Root> expired) {
    }

    /** Hears about a collection as it goes. */
    public interface Listener {
        /** Another process holds the store (a build): GC waits for it. */
        default void waiting() {
        }

        /** An item is gone (not called in a dry run). */
        default void removed(Item item) {
        }
    }

    /**
     * Collects garbage (or, for a dry run, finds it).
     *
     * @throws HdException when the store cannot be read or written, or a live profile's list
     *                     of artifacts is unreadable (then nothing is removed: hd verify says more)
     */
    @SuppressWarnings("try") // the lock is held, not used
    public Result collect(Options o, Listener listener) throws HdException {
        try (FileLocks.Held lock = FileLocks.exclusive(store.storeLock(), listener::waiting)) {
            return run(o, listener);
        } catch (IOException e) {
            throw new HdException("cannot collect garbage in " + store.root() + ": " + e.getMessage(),
                    "check that the store is writable; hd verify checks it", e);
        }
    }

    private Result run(Options o, Listener listener) throws IOException, HdException {
        Optional<Instant> cutoff = o.olderThan().map(d -> o.now().minus(d));
        GcRoots.Scan scan = new GcRoots(store).scan(o.keepGenerations(), cutoff);
        Set<ProfileId> liveProfiles = scan.profiles();
        Map<String, Set<ArtifactId>> live = mark(liveProfiles, o.keepBuildDeps());

        List<Item> items = new ArrayList<>();
        List<Path> doomedProfiles = new ArrayList<>();
        int keptProfiles = 0;
        for (Path p : list(store.profilesDir())) {
            String name = p.getFileName().toString();
            if (ProfileId.isValid(name)) {
                if (liveProfiles.contains(new ProfileId(name))) {
                    keptProfiles++;
                } else {
                    items.add(new Item(Kind.PROFILE, p, "profile " + name.substring(0, ArtifactId.SHORT_LENGTH), 0));
                    doomedProfiles.add(p);
                }
            } else if (name.startsWith(Store.DOOMED_PREFIX)) {
                items.add(new Item(Kind.LEFTOVER, p, "profile left by an interrupted gc", 0));
            }
        }
        List<Path> doomedArtifacts = new ArrayList<>();
        Set<ArtifactId> remaining = new HashSet<>();
        int keptArtifacts = 0;
        for (Path pkg : list(store.buildsDir())) {
            String pkgName = pkg.getFileName().toString();
            Set<ArtifactId> keep = live.getOrDefault(pkgName, Set.of());
            for (Path a : list(pkg)) {
                String name = a.getFileName().toString();
                if (name.length() == ArtifactId.LENGTH && dev.hd.resolver.Base32.isLowerBase32(name)) {
                    ArtifactId id = new ArtifactId(name);
                    if (keep.contains(id)) {
                        keptArtifacts++;
                        remaining.add(id);
                    } else {
                        boolean complete = Files.exists(store.artifactMarker(pkgName, id), LinkOption.NOFOLLOW_LINKS);
                        items.add(new Item(Kind.ARTIFACT, a, pkgName + " " + id.shortForm()
                                + (complete ? "" : " (incomplete: an interrupted build)"), 0));
                        doomedArtifacts.add(a);
                    }
                } else if (name.startsWith(Store.DOOMED_PREFIX)) {
                    items.add(new Item(Kind.LEFTOVER, a, "artifact left by an interrupted gc", 0));
                }
            }
        }
        for (Path r : scan.dangling()) {
            String target;
            try {
                target = Files.readSymbolicLink(r).toString();
            } catch (IOException e) {
                target = "?";
            }
            items.add(new Item(Kind.ROOT, r, "root of " + target + ", which is gone", 0));
        }
        for (Path log : list(store.generationsDir())) {
            String name = log.getFileName().toString();
            if (Generations.isLogName(name) && !scan.logKeys().contains(name.substring(0, 32))) {
                items.add(new Item(Kind.LOG, log, "generations of a profile link that is gone", 0));
            }
        }
        leftovers(items);
        if (o.sources()) {
            unusedSources(live, items);
        }

        long total = 0;
        List<Item> done = new ArrayList<>(items.size());
        if (o.dryRun()) {
            for (Item it : items) {
                Item sized = new Item(it.kind(), it.path(), it.label(), Fs.sizeOf(it.path()));
                done.add(sized);
                total += sized.bytes();
            }
        } else {
            // first take every doomed profile, then every doomed artifact, out of the store at
            // once (a rename each, made durable per parent directory), then delete at leisure
            Map<Path, Path> renamed = new HashMap<>();
            renameAway(doomedProfiles, renamed);
            renameAway(doomedArtifacts, renamed);
            for (Item it : items) {
                Path at = renamed.getOrDefault(it.path(), it.path());
                Item gone = new Item(it.kind(), it.path(), it.label(), Fs.deleteRecursively(at));
                done.add(gone);
                total += gone.bytes();
                listener.removed(gone);
            }
            removeEmptyPackageDirs();
            removeStaleLocks(remaining, liveProfiles);
        }
        return new Result(o.dryRun(), done, total, keptArtifacts, keptProfiles, scan.live(), scan.expired());
    }

    /**
     * The live artifacts, by package name: every member of every live profile (a profile
     * lists its whole run closure) and, with {@code buildDeps}, what each profile's stack was
     * built from.
     */
    Map<String, Set<ArtifactId>> mark(Set<ProfileId> liveProfiles, boolean buildDeps) throws HdException {
        Map<String, Set<ArtifactId>> live = new HashMap<>();
        ArrayDeque<Profiles.Member> fromSpecs = new ArrayDeque<>();
        for (ProfileId p : liveProfiles) {
            try {
                List<Profiles.Member> members = profiles.members(p);
                members.forEach(m -> add(live, m.name(), m.id()));
                if (buildDeps) {
                    Optional<List<Profiles.Member>> stack = profiles.stackArtifacts(p);
                    if (stack.isPresent()) {
                        stack.get().forEach(m -> add(live, m.name(), m.id()));
                    } else {
                        fromSpecs.addAll(members); // made before profiles listed their stack
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new HdException("cannot tell what the live profile " + p.shortForm() + " uses: " + e.getMessage(),
                        "nothing was removed; run hd verify, which says how to repair the store");
            }
        }
        Set<String> seen = new HashSet<>();
        while (!fromSpecs.isEmpty()) {
            Profiles.Member m = fromSpecs.poll();
            if (!seen.add(m.name() + "/" + m.id().value())) {
                continue;
            }
            for (Map.Entry<String, ArtifactId> d : dependencies(m.name(), m.id()).entrySet()) {
                add(live, d.getKey(), d.getValue());
                fromSpecs.add(new Profiles.Member(d.getKey(), d.getValue(), store.artifact(d.getKey(), d.getValue())));
            }
        }
        return live;
    }

    private static void add(Map<String, Set<ArtifactId>> live, String name, ArtifactId id) {
        live.computeIfAbsent(name, k -> new HashSet<>()).add(id);
    }

    /**
     * The direct dependencies named in an artifact's build spec: {@code dependencies} is
     * {@code {"build": {name: id}, "run": {name: id}}} (or a flat {@code {name: id}}).
     * An unreadable spec names none: keeping fewer build dependencies costs a rebuild, not
     * a broken profile.
     */
    Map<String, ArtifactId> dependencies(String name, ArtifactId id) {
        Map<String, ArtifactId> out = new TreeMap<>();
        JsonNode deps;
        try {
            deps = CanonicalJson.read(Files.readString(store.buildSpec(name, id), StandardCharsets.UTF_8)).path("dependencies");
        } catch (IOException | IllegalArgumentException e) {
            return out;
        }
        List<JsonNode> groups = deps.has("build") || deps.has("run") ? List.of(deps.path("build"), deps.path("run")) : List.of(deps);
        for (JsonNode g : groups) {
            g.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && ArtifactIds.isValid(e.getValue().asText())) {
                    out.put(e.getKey(), new ArtifactId(e.getValue().asText()));
                }
            });
        }
        return out;
    }

    /** Leftovers of interrupted runs in tmp/: build and profile staging directories, partial downloads, gc debris. */
    private void leftovers(List<Item> items) throws IOException {
        for (Path t : list(store.tmpDir())) {
            String name = t.getFileName().toString();
            if (name.startsWith("build-")) {
                items.add(new Item(Kind.LEFTOVER, t, "build directory of an interrupted build", 0));
            } else if (name.startsWith("profile-")) {
                items.add(new Item(Kind.LEFTOVER, t, "profile of an interrupted build", 0));
            } else if (name.startsWith(Store.DOOMED_PREFIX)) {
                items.add(new Item(Kind.LEFTOVER, t, "left by an interrupted gc", 0));
            }
        }
        for (Path p : list(store.downloadsDir())) {
            if (p.getFileName().toString().endsWith(".part")) {
                items.add(new Item(Kind.LEFTOVER, p, "partial download of an interrupted fetch", 0));
            }
        }
    }

    /** Archives no live artifact's build spec names (git mirrors are left alone: see docs). */
    private void unusedSources(Map<String, Set<ArtifactId>> live, List<Item> items) throws IOException {
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, Set<ArtifactId>> e : live.entrySet()) {
            for (ArtifactId id : e.getValue()) {
                Path spec = store.buildSpec(e.getKey(), id);
                JsonNode sources;
                try {
                    sources = CanonicalJson.read(Files.readString(spec, StandardCharsets.UTF_8)).path("sources");
                } catch (NoSuchFileException e2) {
                    continue;
                } catch (IOException | IllegalArgumentException e2) {
                    throw new IOException("cannot read " + spec + " to see which archives it uses: " + e2.getMessage()
                            + " (no archive was removed)", e2);
                }
                for (JsonNode s : sources) {
                    String key = s.path("key").asText();
                    if (key.startsWith("sha256:")) {
                        used.add(key.substring("sha256:".length()));
                    }
                }
            }
        }
        for (Path a : list(store.archivesDir())) {
            String name = a.getFileName().toString();
            if (HEX64.matcher(name).matches() && !used.contains(name)) {
                items.add(new Item(Kind.SOURCE, a, "sha256:" + name.substring(0, 12), 0));
            }
        }
    }

    private void renameAway(List<Path> dirs, Map<Path, Path> renamed) throws IOException {
        Set<Path> parents = new LinkedHashSet<>();
        for (Path d : dirs) {
            Path to = Store.doomed(d);
            Files.move(d, to, StandardCopyOption.ATOMIC_MOVE);
            renamed.put(d, to);
            parents.add(d.getParent());
        }
        for (Path p : parents) {
            Fs.fsyncDir(p);
        }
    }

    private void removeEmptyPackageDirs() throws IOException {
        for (Path pkg : list(store.buildsDir())) {
            try {
                Files.deleteIfExists(pkg);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // still holds artifacts
            }
        }
    }

    /**
     * Lock files of artifacts and profiles that are gone. Safe only because the store lock is
     * held exclusively: every taker of those locks holds the store lock shared first.
     */
    private void removeStaleLocks(Set<ArtifactId> remaining, Set<ProfileId> liveProfiles) throws IOException {
        for (Path l : list(store.locksDir())) {
            String name = l.getFileName().toString();
            if (!name.endsWith(".lock")) {
                continue;
            }
            String base = name.substring(0, name.length() - ".lock".length());
            if (ArtifactIds.isValid(base) && !remaining.contains(new ArtifactId(base))) {
                Files.deleteIfExists(l);
            } else if (base.startsWith("profile-") && ProfileId.isValid(base.substring(8))
                    && !liveProfiles.contains(new ProfileId(base.substring(8)))) {
                Files.deleteIfExists(l);
            }
        }
    }

    /** The entries of a directory, sorted; none when it does not exist. */
    static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return out;
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Artifact-id spelling checks without building an id. */
    static final class ArtifactIds {
        private ArtifactIds() {
        }

        static boolean isValid(String s) {
            return s != null && s.length() == ArtifactId.LENGTH && dev.hd.resolver.Base32.isLowerBase32(s);
        }
    }
}
