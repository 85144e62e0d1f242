package dev.hd.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A writable copy of a profile outside the store ({@code hd venv DIR}), like HashDist's
 * {@code hit develop} "virtual environment": the profile's tree with real, writable
 * directories and the same absolute links to artifact files (copies where the profile has
 * copies), so that {@code pip install}, {@code make install} or copying files into it never
 * touches the store.
 *
 * <p>Inside DIR, hd keeps {@code .hd/profile}, a link to the store profile the venv mirrors
 * (registered as a GC root: GC keeps that profile, and so every artifact the venv links to,
 * while the link exists), and {@code .hd/venv.json}, what hd placed (path, and link target or
 * content hash). {@link #update} uses it to tell hd's entries from the user's: an entry that
 * is still as hd placed it follows the new profile; anything else is the user's and is never
 * overwritten or removed: a clash is reported as a {@link Conflict}.
 *
 * <p>Crash safety: the link is switched first, then entries are placed, then the record is
 * written atomically. After a crash the record is older than the tree; an entry that already
 * matches the new profile counts as placed, so the next update finishes the job.
 */
public final class Venv {
    /** hd's directory inside a venv. */
    public static final String META = ".hd";
    static final String STATE = "venv.json";
    static final String LINK = "profile";
    static final int FORMAT = 1;

    private final Store store;
    private final Profiles profiles;

    public Venv(Store store) {
        this.store = store;
        this.profiles = new Profiles(store);
    }

    /** A path of the venv hd could not make what the profile says, because something of the user's is there. */
    public record Conflict(String path, String reason) {
    }

    /**
     * What a create or update did.
     *
     * @param profile   the profile the venv mirrors now
     * @param added     entries placed where there was nothing
     * @param updated   entries of hd's replaced by the new profile's
     * @param removed   entries of hd's removed (the profile no longer has them)
     * @param unchanged entries already as the profile has them
     * @param conflicts paths left as the user had them, though the profile has something else there
     * @param kept      paths of hd's the user changed, which the new profile no longer has: now the user's
     */
    public record Report(ProfileId profile, int added, int updated, int removed, int unchanged,
                         List<Conflict> conflicts, List<String> kept) {
        public Report {
            conflicts = List.copyOf(conflicts);
            kept = List.copyOf(kept);
        }
    }

    /** What hd placed at a path: a directory, a link (target), or a copied file (sha256). */
    private record Entry(boolean dir, String link, String sha256) {
        static final Entry DIR = new Entry(true, null, null);
    }

    /** Whether {@code dir} is a venv (it has hd's record). */
    public static boolean isVenv(Path dir) {
        return Files.isRegularFile(dir.resolve(META).resolve(STATE));
    }

    /** The link inside the venv that names (and keeps alive) the profile it mirrors. */
    public static Path link(Path dir) {
        return dir.resolve(META).resolve(LINK);
    }

    /** The stack directory the venv was made from, when recorded. */
    public Optional<Path> stack(Path dir) throws HdException {
        JsonNode s = readState(dir).path("stack");
        return s.isTextual() ? Optional.of(dir.getFileSystem().getPath(s.asText())) : Optional.empty();
    }

    /** The profile the venv mirrors, from its link. */
    public Optional<ProfileId> profile(Path dir) {
        return profiles.current(link(dir));
    }

    /**
     * Makes {@code dir} (absent or empty) a venv of the profile.
     *
     * @param stackDir recorded so that {@code --update} knows where to look for the next profile (may be null)
     */
    public Report create(Path dir, ProfileId pid, Path stackDir) throws HdException {
        if (isVenv(dir)) {
            throw new HdException(dir + " is a venv already", "refresh it with: hd venv --update " + dir);
        }
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new HdException(dir + " exists and is not a directory", "give hd venv a new directory");
                }
                try (var s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new HdException(dir + " is not empty", "give hd venv a new or empty directory");
                    }
                }
            }
            Files.createDirectories(dir.resolve(META));
        } catch (IOException e) {
            throw new HdException("cannot create the venv " + dir + ": " + e.getMessage(),
                    "check that " + dir.toAbsolutePath().getParent() + " is writable");
        }
        return sync(dir, pid, Map.of(), stackDir);
    }

    /** Brings the venv to the profile {@code pid}, keeping what the user added or changed. */
    public Report update(Path dir, ProfileId pid) throws HdException {
        if (!isVenv(dir)) {
            throw new HdException(dir + " is not a venv (it has no " + META + "/" + STATE + ")",
                    "make one with: hd venv " + dir);
        }
        JsonNode state = readState(dir);
        Map<String, Entry> old = new TreeMap<>();
        for (JsonNode e : state.path("entries")) {
            String path = e.path("path").asText();
            if (e.path("dir").asBoolean(false)) {
                old.put(path, Entry.DIR);
            } else if (e.has("link")) {
                old.put(path, new Entry(false, e.path("link").asText(), null));
            } else {
                old.put(path, new Entry(false, null, e.path("sha256").asText()));
            }
        }
        Path stack = state.path("stack").isTextual() ? dir.getFileSystem().getPath(state.path("stack").asText()) : null;
        return sync(dir, pid, old, stack);
    }

    private Report sync(Path dir, ProfileId pid, Map<String, Entry> old, Path stackDir) throws HdException {
        Path profileDir = store.profile(pid);
        try {
            Map<String, Entry> neu = scan(profileDir);
            // the profile must stay while its artifacts are linked: the root first
            Path link = link(dir);
            if (!profiles.current(link).equals(Optional.of(pid))) {
                profiles.switchLink(link, pid);
            }
            profiles.addRoot(link);

            int added = 0;
            int updated = 0;
            int removed = 0;
            int unchanged = 0;
            List<Conflict> conflicts = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            Map<String, Entry> placed = new TreeMap<>();
            List<String> blocked = new ArrayList<>(); // directories that could not be made: nothing below them

            // first what the new profile no longer has (or has as another kind of thing), children
            // before parents, so that a directory that became a file (or back) is free again
            List<String> gone = new ArrayList<>();
            for (Map.Entry<String, Entry> e : old.entrySet()) {
                Entry want = neu.get(e.getKey());
                if (want == null || want.dir() != e.getValue().dir()) {
                    gone.add(e.getKey());
                }
            }
            java.util.Collections.reverse(gone);
            for (String path : gone) {
                Entry had = old.get(path);
                Path p = dir.resolve(path);
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (had.dir()) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            Files.delete(p); // only when empty: what is left in it is the user's
                        } catch (DirectoryNotEmptyException keep) {
                            // the user's files are in it: it stays
                        }
                    }
                } else if (matches(p, had)) {
                    Files.delete(p);
                    removed++;
                } else if (!neu.containsKey(path)) {
                    kept.add(path);
                }
            }

            // then what the profile has, parents before children (TreeMap order: "a" < "a/b")
            for (Map.Entry<String, Entry> e : neu.entrySet()) {
                String path = e.getKey();
                if (under(path, blocked)) {
                    continue;
                }
                Entry want = e.getValue();
                Entry had = old.get(path);
                Path p = dir.resolve(path);
                if (matches(p, want)) {
                    placed.put(path, want);
                    if (!want.dir()) {
                        unchanged++;
                    }
                    continue;
                }
                boolean nothing = !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
                boolean hdsOwn = had != null && !had.dir() && !want.dir() && matches(p, had);
                if (nothing || hdsOwn) {
                    place(p, want, profileDir.resolve(path));
                    placed.put(path, want);
                    if (hdsOwn) {
                        updated++;
                    } else if (!want.dir()) {
                        added++;
                    }
                    continue;
                }
                if (want.dir()) {
                    conflicts.add(new Conflict(path, "the profile has a directory here; yours is "
                            + (Files.isSymbolicLink(p) ? "a link" : "a file") + " (nothing below it was placed)"));
                    blocked.add(path);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    conflicts.add(new Conflict(path, "the profile has " + describe(want) + " here; yours is a directory"));
                } else {
                    conflicts.add(new Conflict(path, "the profile has " + describe(want) + " here; "
                            + (had == null ? "yours was there first" : "you changed hd's")));
                }
            }

            writeState(dir, pid, stackDir, placed);
            return new Report(pid, added, updated, removed, unchanged, conflicts, kept);
        } catch (IOException e) {
            throw new HdException("cannot update the venv " + dir + ": " + e.getMessage(),
                    "check that " + dir + " is writable and run the same command again (it picks up where it stopped)");
        }
    }

    private static boolean under(String path, List<String> dirs) {
        for (String d : dirs) {
            if (path.startsWith(d + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Entry e) {
        return e.link() != null ? "a link to " + e.link() : "a file";
    }

    /** The profile's tree: its directories, links (with their targets) and copied files (with their hashes). */
    private static Map<String, Entry> scan(Path profileDir) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        Files.walkFileTree(profileDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(profileDir)) {
                    out.put(rel(profileDir, d), Entry.DIR);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String rel = rel(profileDir, f);
                if (rel.equals(Store.PROFILE_INFO)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    out.put(rel, new Entry(false, Files.readSymbolicLink(f).toString(), null));
                } else {
                    out.put(rel, new Entry(false, null, sha256(f)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** Whether the path holds exactly what hd would place (a link is compared by its target, not followed). */
    private static boolean matches(Path p, Entry e) throws IOException {
        if (e.dir()) {
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        }
        if (e.link() != null) {
            return Files.isSymbolicLink(p) && Files.readSymbolicLink(p).toString().equals(e.link());
        }
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && sha256(p).equals(e.sha256());
    }

    private static void place(Path p, Entry e, Path source) throws IOException {
        if (e.dir()) {
            Files.createDirectories(p);
            return;
        }
        Files.createDirectories(p.getParent());
        Path tmp = p.resolveSibling("." + p.getFileName() + ".hd-tmp");
        Files.deleteIfExists(tmp);
        if (e.link() != null) {
            Files.createSymbolicLink(tmp, p.getFileSystem().getPath(e.link()));
        } else {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(tmp);
            perms.add(PosixFilePermission.OWNER_WRITE);
            Files.setPosixFilePermissions(tmp, perms);
        }
        // over hd's own old entry, or into an empty place: never over a user's file (checked before)
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String sha256(Path f) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private JsonNode readState(Path dir) throws HdException {
        Path f = dir.resolve(META).resolve(STATE);
        try {
            JsonNode n = CanonicalJson.read(Files.readString(f, StandardCharsets.UTF_8));
            if (n.path("format").asInt() != FORMAT) {
                throw new HdException(f + " has format " + n.path("format").asText() + ", this hd reads " + FORMAT,
                        "use the hd that made the venv, or make a new venv");
            }
            return n;
        } catch (IOException | IllegalArgumentException e) {
            throw new HdException("cannot read " + f + ": " + e.getMessage(),
                    "if it is damaged, make a new venv (hd venv NEWDIR) and move your files over");
        }
    }

    private static void writeState(Path dir, ProfileId pid, Path stackDir, Map<String, Entry> placed) throws IOException {
        ObjectNode s = CanonicalJson.mapper().createObjectNode();
        s.put("format", FORMAT);
        s.put("profile", pid.value());
        if (stackDir != null) {
            s.put("stack", stackDir.toAbsolutePath().normalize().toString());
        } else {
            s.putNull("stack");
        }
        ArrayNode entries = s.putArray("entries");
        for (Map.Entry<String, Entry> e : placed.entrySet()) {
            ObjectNode o = entries.addObject();
            o.put("path", e.getKey());
            if (e.getValue().dir()) {
                o.put("dir", true);
            } else if (e.getValue().link() != null) {
                o.put("link", e.getValue().link());
            } else {
                o.put("sha256", e.getValue().sha256());
            }
        }
        Path meta = dir.resolve(META);
        Fs.writeAtomically(meta.resolve(STATE), meta.resolve(STATE + ".tmp"),
                (CanonicalJson.write(s) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
