package dev.hd.builder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * {@code hd verify}: checks the store's invariants and says, for each violation, what to do.
 * <ul>
 * <li>every artifact is complete (its marker exists) or debris; a complete one matches the
 *     manifest written when it was published: the same entries, types, read-only modes,
 *     symlink targets and file hashes, nothing added;</li>
 * <li>every ELF file of an artifact finds its shared libraries in the store or in the host's
 *     system directories ({@link SharedLibraries});</li>
 * <li>every profile lists its artifacts, all of them complete and sound, and each of its
 *     links points into one of them;</li>
 * <li>every root is valid: a link root's link points at an existing, sound profile;</li>
 * <li>with {@code sources}, every archive's content hashes to its name.</li>
 * </ul>
 * Findings are {@link Severity#DAMAGED} (an invariant broken: the store cannot be trusted
 * there), {@link Severity#UNSOUND} (an artifact that works only by accident) or
 * {@link Severity#LEFTOVER} (debris of an interrupted run, a dangling root: harmless).
 * {@code repair} removes what can be removed safely: debris, dangling roots, damaged artifacts
 * and the profiles that use them (a build makes them again). It never touches a user's link.
 * The store lock is held exclusively throughout, so what is checked is at rest.
 */
public final class StoreVerifier {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<PosixFilePermission> WRITE = Set.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final int MAX_PROBLEMS_SHOWN = 8;

    private final Store store;
    private final Profiles profiles;

    public StoreVerifier(Store store) {
        this.store = store;
        this.profiles = new Profiles(store);
    }

    /** How bad a finding is. */
    public enum Severity {
        /** An invariant is broken: what is there cannot be trusted. */
        DAMAGED,
        /** An artifact that works only while something outside the store stays where it is. */
        UNSOUND,
        /** Debris of an interrupted run or a stale entry: harmless, and removable. */
        LEFTOVER
    }

    /**
     * One violation.
     *
     * @param severity   how bad
     * @param path       where
     * @param problem    what is wrong
     * @param fix        what to do about it
     * @param repairable whether {@code --repair} removes {@code path} to fix it
     */
    public record Finding(Severity severity, Path path, String problem, String fix, boolean repairable) {
    }

    /**
     * What to check.
     *
     * @param sources       also hash every source archive
     * @param systemLibDirs the host's library directories ({@link SharedLibraries#systemDirs})
     * @param threads       artifacts checked at once
     * @param repair        remove what can be removed, then check again
     */
    public record Options(boolean sources, List<Path> systemLibDirs, int threads, boolean repair) {
        public Options {
            systemLibDirs = List.copyOf(systemLibDirs);
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
        }
    }

    /**
     * The outcome.
     *
     * @param findings what is wrong (after a repair: what is still wrong)
     * @param repaired what a repair removed
     */
    public record Report(List<Finding> findings, List<Finding> repaired, int artifacts, long files, int elfFiles,
            int profiles, int roots, int logs, int archives) {
        /** Whether nothing but leftovers was found. */
        public boolean consistent() {
            return findings.stream().allMatch(f -> f.severity() == Severity.LEFTOVER);
        }

        public long count(Severity s) {
            return findings.stream().filter(f -> f.severity() == s).count();
        }
    }

    /** Hears when the check must wait for a build to finish. */
    public interface Listener {
        void waiting();
    }

    /** Checks the store (and repairs it, when asked). */
    @SuppressWarnings("try") // the lock is held, not used
    public Report verify(Options o, Listener listener) throws HdException {
        try (FileLocks.Held lock = FileLocks.exclusive(store.storeLock(), listener::waiting)) {
            Report r = check(o);
            if (!o.repair()) {
                return r;
            }
            List<Finding> repaired = repair(r.findings());
            Report after = check(o);
            return new Report(after.findings(), repaired, after.artifacts(), after.files(), after.elfFiles(),
                    after.profiles(), after.roots(), after.logs(), after.archives());
        } catch (IOException e) {
            throw new HdException("cannot check the store " + store.root() + ": " + e.getMessage(),
                    "check that it is readable (and writable, for --repair)", e);
        }
    }

    // --- the checks

    /** What one artifact's check found. */
    private record ArtifactCheck(Path dir, String label, List<String> damage, List<Finding> unsound, long files, int elfFiles) {
    }

    private Report check(Options o) throws IOException, HdException {
        List<Finding> findings = new ArrayList<>();
        SharedLibraries libs = new SharedLibraries(store, o.systemLibDirs());
        Set<String> badArtifacts = new HashSet<>(); // "name/id" of artifacts that are incomplete or damaged
        List<String[]> complete = new ArrayList<>();
        for (Path pkg : GarbageCollector.list(store.buildsDir())) {
            String name = pkg.getFileName().toString();
            for (Path a : GarbageCollector.list(pkg)) {
                String entry = a.getFileName().toString();
                if (entry.startsWith(Store.DOOMED_PREFIX)) {
                    findings.add(leftover(a, "left by an interrupted gc"));
                } else if (GarbageCollector.ArtifactIds.isValid(entry)) {
                    if (Files.exists(store.artifactMarker(name, new ArtifactId(entry)), LinkOption.NOFOLLOW_LINKS)) {
                        complete.add(new String[] {name, entry});
                    } else {
                        badArtifacts.add(name + "/" + entry);
                        findings.add(leftover(a, "an incomplete artifact (its build was interrupted or failed)"));
                    }
                }
            }
        }
        long files = 0;
        int elf = 0;
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "hd-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ArtifactCheck>> futures = new ArrayList<>();
            for (String[] a : complete) {
                futures.add(pool.submit(() -> checkArtifact(a[0], new ArtifactId(a[1]), libs)));
            }
            for (Future<ArtifactCheck> f : futures) {
                ArtifactCheck c = get(f);
                files += c.files();
                elf += c.elfFiles();
                if (!c.damage().isEmpty()) {
                    badArtifacts.add(c.dir().getParent().getFileName() + "/" + c.dir().getFileName());
                    findings.add(new Finding(Severity.DAMAGED, c.dir(), c.label() + ": " + summary(c.damage()),
                            "hd verify --repair removes it (and the profiles that use it); hd build then rebuilds it", true));
                }
                findings.addAll(c.unsound());
            }
        } finally {
            pool.shutdownNow();
        }

        Set<ProfileId> badProfiles = new HashSet<>();
        int profileCount = 0;
        for (Path p : GarbageCollector.list(store.profilesDir())) {
            String name = p.getFileName().toString();
            if (name.startsWith(Store.DOOMED_PREFIX)) {
                findings.add(leftover(p, "a profile left by an interrupted gc"));
            } else if (ProfileId.isValid(name)) {
                profileCount++;
                Optional<String> problem = checkProfile(new ProfileId(name), badArtifacts);
                if (problem.isPresent()) {
                    badProfiles.add(new ProfileId(name));
                    findings.add(new Finding(Severity.DAMAGED, p, "profile " + name.substring(0, 12) + ": " + problem.get(),
                            "hd verify --repair removes it; hd build makes it again", true));
                }
            }
        }
        int roots = checkRoots(findings, badProfiles);
        leftovers(findings);
        int logs = 0;
        for (Path l : GarbageCollector.list(store.generationsDir())) {
            if (Generations.isLogName(l.getFileName().toString())) {
                logs++;
            }
        }
        int archives = o.sources() ? checkArchives(findings) : 0;
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::path));
        return new Report(findings, List.of(), complete.size(), files, elf, profileCount, roots, logs, archives);
    }

    private static ArtifactCheck get(Future<ArtifactCheck> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String summary(List<String> problems) {
        List<String> shown = problems.subList(0, Math.min(MAX_PROBLEMS_SHOWN, problems.size()));
        return String.join("; ", shown) + (problems.size() > shown.size() ? "; and " + (problems.size() - shown.size())
                + " more" : "");
    }

    private static Finding leftover(Path p, String what) {
        return new Finding(Severity.LEFTOVER, p, what, "hd verify --repair (or hd gc) removes it", true);
    }

    /** Compares a complete artifact with its manifest and checks its ELF files. */
    private ArtifactCheck checkArtifact(String name, ArtifactId id, SharedLibraries libs) throws IOException {
        Path art = store.artifact(name, id);
        String label = name + " " + id.shortForm();
        List<String> damage = new ArrayList<>();
        List<Finding> unsound = new ArrayList<>();
        try {
            JsonNode m = CanonicalJson.read(Files.readString(store.artifactMarker(name, id), StandardCharsets.UTF_8));
            if (!id.value().equals(m.path("id").asText()) || !name.equals(m.path("name").asText())) {
                damage.add(".hd/artifact.json names " + m.path("name").asText() + " " + m.path("id").asText());
            }
        } catch (IOException | IllegalArgumentException e) {
            damage.add(".hd/artifact.json is unreadable");
        }
        Map<String, Manifest.Entry> want = new HashMap<>();
        try {
            for (Manifest.Entry e : Manifest.read(store.manifest(name, id))) {
                want.put(e.path(), e);
            }
        } catch (IOException e) {
            damage.add("its manifest is missing or unreadable (" + e.getMessage() + ")");
            return new ArtifactCheck(art, label, damage, unsound, 0, 0);
        }
        if (!Files.getPosixFilePermissions(art, LinkOption.NOFOLLOW_LINKS).stream().noneMatch(WRITE::contains)) {
            damage.add("its directory is writable");
        }
        Path meta = store.artifactMeta(name, id);
        long[] counts = {0, 0};
        List<Path> elfFiles = new ArrayList<>();
        Files.walkFileTree(art, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(meta)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(art)) {
                    compare(dir, attrs, Manifest.Type.DIRECTORY);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                counts[0]++;
                Manifest.Type type = attrs.isSymbolicLink() ? Manifest.Type.SYMLINK
                        : attrs.isRegularFile() ? Manifest.Type.FILE : null;
                Manifest.Entry e = compare(file, attrs, type);
                if (e != null && type == Manifest.Type.FILE) {
                    boolean[] isElf = {false};
                    String sha = hash(file, isElf);
                    if (!sha.equals(e.sha256())) {
                        damage.add(e.path() + ": its content differs from the manifest");
                    }
                    if (isElf[0]) {
                        elfFiles.add(file);
                    }
                } else if (e != null && type == Manifest.Type.SYMLINK) {
                    String target = Files.readSymbolicLink(file).toString();
                    if (!target.equals(e.target())) {
                        damage.add(e.path() + ": links to " + target + ", the manifest says " + e.target());
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                damage.add(Fs.relative(art, file) + ": unreadable (" + exc.getMessage() + ")");
                return FileVisitResult.CONTINUE;
            }

            /** Checks an entry's type and mode; returns its manifest entry when there is one of that type. */
            private Manifest.Entry compare(Path p, BasicFileAttributes attrs, Manifest.Type type) {
                String rel = Fs.relative(art, p);
                Manifest.Entry e = want.remove(rel);
                if (e == null) {
                    damage.add(rel + ": not in the manifest (added after publish)");
                    return null;
                }
                if (type != e.type()) {
                    damage.add(rel + ": is " + (type == null ? "a special file" : "a " + type.name().toLowerCase(java.util.Locale.ROOT))
                            + ", the manifest says " + e.type().name().toLowerCase(java.util.Locale.ROOT));
                    return null;
                }
                if (type != Manifest.Type.SYMLINK) {
                    int bits;
                    try {
                        bits = Publisher.bits(attrs instanceof PosixFileAttributes pa ? pa.permissions()
                                : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    } catch (IOException ex) {
                        damage.add(rel + ": unreadable mode (" + ex.getMessage() + ")");
                        return null;
                    }
                    if (bits != e.perms()) {
                        damage.add(rel + ": mode " + String.format("%04o", bits) + ", the manifest says "
                                + String.format("%04o", e.perms()));
                    }
                }
                return e;
            }
        });
        List<String> missing = new ArrayList<>(want.keySet());
        missing.sort(null);
        for (String m : missing) {
            damage.add(m + ": missing");
        }
        for (Path f : elfFiles) {
            Optional<ElfDynamic> d = ElfDynamic.read(f);
            if (d.isPresent()) {
                for (String p : libs.problems(f, d.get())) {
                    unsound.add(new Finding(Severity.UNSOUND, f, label + ": " + Fs.relative(art, f) + ": " + p,
                            "build it so it finds its libraries in the store: link with -Wl,-rpath,<dependency>/lib"
                                    + " (hd's LDFLAGS do), then change its spec so it rebuilds", false));
                }
            }
        }
        return new ArtifactCheck(art, label, damage, unsound, counts[0], elfFiles.size());
    }

    /** SHA-256 of a file; {@code isElf[0]} tells whether it starts with ELF's magic. */
    private static String hash(Path file, boolean[] isElf) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        boolean first = true;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                if (first && buf.remaining() >= 4) {
                    isElf[0] = ElfDynamic.isElf(new byte[] {buf.get(0), buf.get(1), buf.get(2), buf.get(3)}, 4);
                    first = false;
                }
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** What is wrong with a profile, if anything. */
    private Optional<String> checkProfile(ProfileId id, Set<String> badArtifacts) throws IOException {
        List<Profiles.Member> members;
        try {
            JsonNode info = CanonicalJson.read(Files.readString(store.profileInfo(id), StandardCharsets.UTF_8));
            if (!id.value().equals(info.path("id").asText())) {
                return Optional.of(Store.PROFILE_INFO + " names the profile " + info.path("id").asText());
            }
            members = profiles.members(id);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("its " + Store.PROFILE_INFO + " is missing or damaged");
        }
        List<Path> roots = new ArrayList<>();
        for (Profiles.Member m : members) {
            Path want = store.artifact(m.name(), m.id());
            if (!m.path().equals(want)) {
                return Optional.of("it lists " + m.name() + " at " + m.path() + ", not in this store");
            }
            if (badArtifacts.contains(m.name() + "/" + m.id().value())
                    || !Files.exists(store.artifactMarker(m.name(), m.id()), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("it uses " + m.name() + " " + m.id().shortForm() + ", which is "
                        + (Files.isDirectory(want) ? "damaged or incomplete" : "gone"));
            }
            roots.add(want);
        }
        Path dir = store.profile(id);
        List<String> bad = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink() && bad.isEmpty()) {
                    Path t = Files.readSymbolicLink(file);
                    Path abs = file.getParent().resolve(t).normalize();
                    if (roots.stream().noneMatch(abs::startsWith)) {
                        bad.add(Fs.relative(dir, file) + " links to " + t + ", outside its artifacts");
                    } else if (!Files.exists(abs)) {
                        bad.add(Fs.relative(dir, file) + " links to " + t + ", which does not exist");
                    }
                }
                return bad.isEmpty() ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }
        });
        return bad.isEmpty() ? Optional.empty() : Optional.of(bad.get(0));
    }

    /** Checks gcroots/; returns how many roots there are. */
    private int checkRoots(List<Finding> findings, Set<ProfileId> badProfiles) throws IOException {
        int n = 0;
        for (Path r : GarbageCollector.list(store.gcRootsDir())) {
            n++;
            Path target;
            try {
                target = r.getParent().resolve(Files.readSymbolicLink(r)).normalize();
            } catch (NotLinkException e) {
                findings.add(leftover(r, "not a root (hd's roots are symlinks)"));
                continue;
            }
            if (target.getParent() != null && target.getParent().equals(store.profilesDir())) {
                if (!Files.isDirectory(target)) {
                    findings.add(leftover(r, "the pin of a profile that is gone"));
                }
                continue;
            }
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                findings.add(leftover(r, "the root of " + target + ", which is gone"));
                continue;
            }
            Optional<ProfileId> cur = profiles.current(target);
            if (cur.isEmpty()) {
                findings.add(leftover(r, "the root of " + target + ", which is no longer a profile link of this store"));
            } else if (!profiles.exists(cur.get())) {
                findings.add(new Finding(Severity.DAMAGED, target, "the profile link points at the profile "
                        + cur.get().shortForm() + ", which is gone", "hd rollback switches it to an earlier generation"
                        + " (hd log lists them); hd build in its stack directory makes a new profile", false));
            } else if (badProfiles.contains(cur.get())) {
                findings.add(new Finding(Severity.DAMAGED, target, "the profile link points at the damaged profile "
                        + cur.get().shortForm(), "run hd verify --repair, then hd build in its stack directory", false));
            }
        }
        return n;
    }

    private void leftovers(List<Finding> findings) throws IOException {
        for (Path t : GarbageCollector.list(store.tmpDir())) {
            String name = t.getFileName().toString();
            if (name.startsWith("build-")) {
                findings.add(leftover(t, "the build directory of an interrupted build"));
            } else if (name.startsWith("profile-")) {
                findings.add(leftover(t, "a profile whose making was interrupted"));
            } else if (name.startsWith(Store.DOOMED_PREFIX)) {
                findings.add(leftover(t, "left by an interrupted gc"));
            }
        }
        for (Path p : GarbageCollector.list(store.downloadsDir())) {
            if (p.getFileName().toString().endsWith(".part")) {
                findings.add(leftover(p, "the partial download of an interrupted fetch"));
            }
        }
    }

    private int checkArchives(List<Finding> findings) throws IOException {
        int n = 0;
        for (Path a : GarbageCollector.list(store.archivesDir())) {
            String name = a.getFileName().toString();
            if (!HEX64.matcher(name).matches()) {
                continue;
            }
            n++;
            if (!hash(a, new boolean[1]).equals(name)) {
                findings.add(new Finding(Severity.DAMAGED, a, "the archive's content does not hash to its name sha256:"
                        + name.substring(0, 12), "hd verify --repair removes it; the next build fetches it again", true));
            }
        }
        return n;
    }

    // --- repair

    /**
     * Removes every repairable finding's path. Damaged profiles go first, then artifacts, each
     * renamed away before it is deleted (as GC does), so a crash here leaves only debris.
     */
    private List<Finding> repair(List<Finding> findings) throws IOException {
        List<Finding> done = new ArrayList<>();
        List<Finding> order = new ArrayList<>();
        findings.stream().filter(f -> f.repairable() && f.path().startsWith(store.profilesDir())).forEach(order::add);
        findings.stream().filter(f -> f.repairable() && f.path().startsWith(store.buildsDir())).forEach(order::add);
        findings.stream().filter(f -> f.repairable() && !order.contains(f)).forEach(order::add);
        for (Finding f : order) {
            Path p = f.path();
            String name = p.getFileName().toString();
            boolean entry = p.getParent().equals(store.profilesDir()) || p.getParent().getParent().equals(store.buildsDir());
            if (entry && !name.startsWith(Store.DOOMED_PREFIX) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Path to = Store.doomed(p);
                Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
                Fs.fsyncDir(p.getParent());
                Fs.deleteRecursively(to);
            } else {
                Fs.deleteRecursively(p);
            }
            done.add(f);
        }
        return done;
    }
}
