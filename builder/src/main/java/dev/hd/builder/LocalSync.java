package dev.hd.builder;

import dev.hd.resolver.GitTreeHasher;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the persistent build directory of a develop-mode package up to date with its local
 * directory, touching only what changed, so that {@code make} in it recompiles only what
 * was edited: unchanged files keep their modification times, changed files are rewritten
 * (and so look newer than the objects built from them), files gone from the local directory
 * are removed, and everything the build made (objects, generated files) is left alone.
 *
 * <p>What was copied last time is remembered in {@code .hd-synced} in the build directory
 * (blob id, mode and path per line). It is removed while a sync is under way: after a crash,
 * the next sync compares every file's content instead of trusting it.
 */
public final class LocalSync {
    /** The list of what the build directory holds from the local directory. */
    public static final String MANIFEST = ".hd-synced";

    private LocalSync() {
    }

    /**
     * One file of a local directory, as git would store it.
     *
     * @param path       relative, '/'-separated
     * @param blobId     the git blob id (40 hex) of its content, or of a link's text
     * @param executable whether it has the executable bit
     * @param symlink    whether it is a symbolic link
     */
    public record LocalFile(String path, String blobId, boolean executable, boolean symlink) {
        String modeWord() {
            return symlink ? "120000" : executable ? "100755" : "100644";
        }
    }

    /** Which files of a local directory count (gitstore's view: git's ignore rules, its index). */
    @FunctionalInterface
    public interface Lister {
        List<LocalFile> list(Path dir) throws HdException, IOException;
    }

    /** Every file below {@code dir} except {@code .git}, hashed: for directories that git does not know. */
    public static final Lister ALL_FILES = dir -> {
        List<LocalFile> out = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && d.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String rel = Fs.relative(dir, f);
                if (attrs.isSymbolicLink()) {
                    out.add(new LocalFile(rel, hex(GitTreeHasher.blobId(
                            Files.readSymbolicLink(f).toString().getBytes(StandardCharsets.UTF_8))), false, true));
                } else if (attrs.isRegularFile()) {
                    boolean x = Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_EXECUTE);
                    out.add(new LocalFile(rel, hex(GitTreeHasher.blobId(Files.readAllBytes(f))), x, false));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    };

    /** What one sync did, for the build log and tests. */
    public record Result(int copied, int removed, int unchanged) {
    }

    /**
     * Makes {@code target} hold {@code files} of {@code from}.
     *
     * @param remember whether to write {@link #MANIFEST} (a persistent build directory); without
     *                 it, the next sync compares contents
     *
     * @throws HdException when a file changed between listing and copying (its content no longer
     *                     has the listed blob id): the build would not be what the id says
     */
    public static Result sync(Path from, List<LocalFile> files, Path target, boolean remember)
            throws HdException, IOException {
        Path manifest = target.resolve(MANIFEST);
        Map<String, String> before = read(manifest);
        boolean trusted = before != null;
        Files.deleteIfExists(manifest);
        if (before == null) {
            before = Map.of();
        }
        int copied = 0;
        int unchanged = 0;
        boolean first = !trusted && isEmptyBuildDir(target);
        StringBuilder next = new StringBuilder(files.size() * 64);
        Map<String, String> left = new HashMap<>(before);
        for (LocalFile f : files) {
            if (f.path().indexOf('\n') >= 0) {
                throw new HdException("cannot build from " + from + ": the file name " + f.path().replace("\n", "\\n")
                        + " holds a line break", "rename the file");
            }
            String word = f.blobId() + " " + f.modeWord();
            left.remove(f.path());
            Path to = target.resolve(f.path());
            boolean same = trusted ? word.equals(before.get(f.path())) && Files.exists(to, LinkOption.NOFOLLOW_LINKS)
                    : word.equals(currentWord(to));
            if (same) {
                unchanged++;
            } else {
                copy(from, f, to, first);
                copied++;
            }
            next.append(word).append(' ').append(f.path()).append('\n');
        }
        int removed = 0;
        for (String gone : left.keySet()) {
            Path p = target.resolve(gone);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.deleteIfExists(p)) {
                removed++;
            }
        }
        if (remember) {
            Path tmp = target.resolve(MANIFEST + ".tmp");
            Files.writeString(tmp, next, StandardCharsets.UTF_8);
            Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Result(copied, removed, unchanged);
    }

    private static boolean isEmptyBuildDir(Path target) throws IOException {
        try (var s = Files.list(target)) {
            return s.allMatch(p -> p.getFileName().toString().startsWith(".hd-"));
        }
    }

    private static void copy(Path from, LocalFile f, Path to, boolean keepTime) throws HdException, IOException {
        Path src = from.resolve(f.path());
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            Fs.deleteRecursively(to);
        } else {
            Files.deleteIfExists(to);
        }
        Files.createDirectories(to.getParent());
        byte[] bytes;
        try {
            bytes = f.symlink() ? Files.readSymbolicLink(src).toString().getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(src);
        } catch (NoSuchFileException e) {
            throw changed(from, f);
        }
        if (!hex(GitTreeHasher.blobId(bytes)).equals(f.blobId())) {
            throw changed(from, f);
        }
        if (f.symlink()) {
            Files.createSymbolicLink(to, Path.of(new String(bytes, StandardCharsets.UTF_8)));
            return;
        }
        Files.write(to, bytes);
        Set<PosixFilePermission> p = EnumSet.copyOf(Files.getPosixFilePermissions(to));
        if (f.executable()) {
            p.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        } else {
            p.removeAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(to, p);
        if (keepTime) {
            // the first copy keeps the local directory's times (autotools compares them);
            // a later one is newer than everything the last build made, so make redoes it
            FileTime t = Files.getLastModifiedTime(src);
            Files.setLastModifiedTime(to, t);
        }
    }

    private static HdException changed(Path from, LocalFile f) {
        return new HdException(from.resolve(f.path()) + " changed while hd was building from " + from,
                "run the build again once the edit is done");
    }

    /** The blob id and mode of what {@code p} holds now, or null. */
    private static String currentWord(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return hex(GitTreeHasher.blobId(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8)))
                    + " 120000";
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        boolean x = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
        return hex(GitTreeHasher.blobId(Files.readAllBytes(p))) + (x ? " 100755" : " 100644");
    }

    private static Map<String, String> read(Path manifest) throws IOException {
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length != 3) {
                return null; // damaged: compare contents instead
            }
            m.put(f[2], f[0] + " " + f[1]);
        }
        return m;
    }

    static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
