package dev.hd.builder.source;

import dev.hd.resolver.HdException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks a source archive (tar, tar.gz, tar.bz2, tar.xz or zip, told apart by their first
 * bytes, as store files have no extension) into a directory.
 *
 * <p>Safe against hostile archives: an entry with a {@code ..} segment or an absolute path,
 * a symbolic or hard link that leads outside the unpacked tree, a device file or FIFO, or
 * more data than {@link Limits} allow is refused with an {@link HdException} naming the
 * archive, the entry and why, and nothing is left in the target. This holds because the
 * archive is first unpacked into a fresh staging directory inside the target, checked as a
 * whole, and only then moved into place.
 *
 * <p>Kept from the archive: file modes (the executable bit; set-id bits are dropped and the
 * owner may always read and write, as the tree is a scratch build directory), entry
 * modification times (autotools compares them), symbolic links and hard links.
 */
public final class Unpacker {
    private static final int BUFFER = 1 << 16;

    /** What the first bytes of an archive say it is. */
    public enum Format { GZIP, BZIP2, XZ, ZIP, TAR }

    /**
     * Caps that stop a decompression bomb before it fills the disk.
     *
     * @param maxBytes   the most bytes all files together may unpack to
     * @param maxEntries the most entries an archive may have
     */
    public record Limits(long maxBytes, long maxEntries) {
        /** 64 GiB and two million entries: ten times the largest source trees (LLVM, Chromium). */
        public static final Limits DEFAULT = new Limits(64L << 30, 2_000_000);

        public Limits {
            if (maxBytes <= 0 || maxEntries <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private Unpacker() {
    }

    /** Same as {@link #unpack(Path, Path, boolean, Limits)} with {@link Limits#DEFAULT}. */
    public static void unpack(Path archive, Path target, boolean strip) throws HdException, IOException {
        unpack(archive, target, strip, Limits.DEFAULT);
    }

    /**
     * Unpacks {@code archive} into {@code target} (created when missing; what it holds already
     * stays, files of the archive replace files of the same name).
     *
     * @param strip when every entry lies under one top-level directory (with or without an
     *              entry for that directory itself), unpack that directory's content instead;
     *              an archive with several top-level entries is unpacked as it is
     * @throws HdException the archive is of an unknown format, corrupt, truncated, hostile
     *                     or too big; nothing was written to {@code target} then
     * @throws IOException writing to {@code target} failed
     */
    public static void unpack(Path archive, Path target, boolean strip, Limits limits) throws HdException, IOException {
        Format format = detect(archive);
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new HdException("cannot unpack " + archive + " into " + target + ": it is not a directory",
                    "give the source a 'target:' that names a directory, or remove the file in the way");
        }
        boolean created = !Files.exists(target);
        Files.createDirectories(target);
        Path staging = Files.createTempDirectory(target, ".hd-unpack-");
        boolean ok = false;
        try {
            Run run = new Run(archive, staging, limits);
            if (format == Format.ZIP) {
                run.zip();
            } else {
                try (InputStream in = decompressed(archive, format)) {
                    run.tar(in);
                }
            }
            String top = strip ? singleTopDirectory(staging) : null;
            Path root = top == null ? staging : staging.resolve(top);
            run.checkLinks(root);
            merge(root, target, true, archive);
            merge(root, target, false, archive);
            run.applyDirectoryAttributes(target, top);
            ok = true;
        } finally {
            deleteTree(staging);
            if (!ok && created) {
                try {
                    Files.deleteIfExists(target);
                } catch (DirectoryNotEmptyException e) {
                    // something else wrote there meanwhile: not ours to remove
                }
            }
        }
    }

    /**
     * Tells the format from the first bytes.
     *
     * @throws HdException a format hd does not read (naming it when it is a known one)
     */
    public static Format detect(Path archive) throws HdException, IOException {
        byte[] head = new byte[512];
        int n = 0;
        try (InputStream in = Files.newInputStream(archive)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        }
        if (starts(head, n, 0x1f, 0x8b)) {
            return Format.GZIP;
        }
        if (starts(head, n, 'B', 'Z', 'h')) {
            return Format.BZIP2;
        }
        if (starts(head, n, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return Format.XZ;
        }
        if (starts(head, n, 'P', 'K', 3, 4) || starts(head, n, 'P', 'K', 5, 6)) {
            return Format.ZIP;
        }
        if (n == 512 && isTarHeader(head)) {
            return Format.TAR;
        }
        String what = starts(head, n, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd-compressed"
                : starts(head, n, 0x1f, 0x9d) ? "compress(1) (.Z)"
                : starts(head, n, 'L', 'Z', 'I', 'P') ? "lzip-compressed"
                : starts(head, n, '7', 'z', 0xbc, 0xaf) ? "7-zip"
                : n == 0 ? "empty" : null;
        throw new HdException("cannot unpack " + archive + ": "
                + (what == null ? "unknown archive format" : "it is " + what)
                + " (hd reads tar, tar.gz, tar.bz2, tar.xz and zip)",
                "repack the sources in one of those formats");
    }

    private static boolean isTarHeader(byte[] h) {
        // ustar/GNU magic at 257, else an old v7 header whose checksum adds up
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        return ustar || TarUtils.verifyCheckSum(h);
    }

    private static boolean starts(byte[] b, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static InputStream decompressed(Path archive, Format f) throws HdException, IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        try {
            return switch (f) {
                // the JDK's GZIPInputStream uses native zlib: several times faster than a pure-Java inflater
                case GZIP -> new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
                case BZIP2 -> new BufferedInputStream(new BZip2CompressorInputStream(raw, true), BUFFER);
                case XZ -> new BufferedInputStream(new XZInputStream(raw), BUFFER); // reads concatenated streams too
                case TAR -> raw;
                case ZIP -> throw new IllegalArgumentException("zip is not a stream format");
            };
        } catch (IOException e) {
            raw.close();
            throw corrupt(archive, e);
        }
    }

    private static HdException corrupt(Path archive, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new HdException("cannot unpack " + archive + ": the archive is corrupt or truncated (" + m + ")",
                "fetch it again (hd verify checks the source cache)", e);
    }

    /** The name of the only top-level entry when it is a directory, else null. */
    private static String singleTopDirectory(Path staging) throws IOException {
        String only = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            for (Path p : ds) {
                if (only != null) {
                    return null;
                }
                only = p.getFileName().toString();
            }
        }
        return only != null && Files.isDirectory(staging.resolve(only), LinkOption.NOFOLLOW_LINKS) ? only : null;
    }

    /**
     * Moves the content of {@code from} into {@code to}, merging directories that exist in
     * both. With {@code check}, moves nothing and only refuses what cannot be merged (a file
     * of the archive where the target has a directory, or the other way round), so the real
     * pass cannot stop halfway.
     */
    private static void merge(Path from, Path to, boolean check, Path archive) throws HdException, IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
            ds.forEach(children::add);
        }
        for (Path c : children) {
            Path d = to.resolve(c.getFileName().toString());
            boolean cDir = Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS);
            boolean dExists = Files.exists(d, LinkOption.NOFOLLOW_LINKS);
            boolean dDir = dExists && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS);
            if (dExists && cDir != dDir) {
                throw new HdException("cannot unpack " + archive + ": " + d + " exists already as a "
                        + (dDir ? "directory" : "file or link") + ", and the archive has a "
                        + (cDir ? "directory" : "file") + " there",
                        "unpack the sources into different targets");
            }
            if (dDir) {
                merge(c, d, check, archive);
            } else if (!check) {
                Files.move(c, d, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The state of one unpacking: what has been written, so it can be checked as a whole. */
    private static final class Run {
        private final Path archive;
        private final Path staging;
        private final Limits limits;
        private final byte[] buf = new byte[BUFFER];
        /** Directories (relative, "/"-separated) known to be real directories, not links. */
        private final Set<String> dirs = new HashSet<>();
        /** Regular files written, for hard links to refer to. */
        private final Set<String> files = new HashSet<>();
        private final List<Link> links = new ArrayList<>();
        private final Map<String, DirAttrs> dirAttrs = new HashMap<>();
        private long bytes;
        private long entries;

        private record Link(String rel, String entry, String target) {
        }

        private record DirAttrs(int mode, FileTime mtime) {
        }

        Run(Path archive, Path staging, Limits limits) {
            this.archive = archive;
            this.staging = staging;
            this.limits = limits;
            dirs.add("");
        }

        // --- tar

        void tar(InputStream in) throws HdException, IOException {
            TarArchiveInputStream tin = new TarArchiveInputStream(in);
            while (true) {
                TarArchiveEntry e;
                try {
                    e = tin.getNextEntry();
                } catch (IOException ex) {
                    throw corrupt(archive, ex);
                }
                if (e == null) {
                    break;
                }
                count();
                String name = e.getName();
                String rel = relative(name);
                FileTime mtime = e.getLastModifiedTime();
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw refuse(name, "is a " + (e.isFIFO() ? "FIFO" : "device file")
                            + "; source archives have no business holding one");
                }
                if (rel.isEmpty()) {
                    continue;
                }
                if (e.isDirectory()) {
                    directory(rel, name, e.getMode(), mtime);
                } else if (e.isSymbolicLink()) {
                    symlink(rel, name, e.getLinkName());
                } else if (e.isLink()) {
                    hardLink(rel, name, e.getLinkName());
                } else if (e.isFile()) {
                    file(rel, name, tin, e.getMode(), mtime);
                } else {
                    throw refuse(name, "has an entry type hd does not unpack ('" + (char) e.getLinkFlag() + "')");
                }
            }
        }

        // --- zip

        void zip() throws HdException, IOException {
            ZipFile z;
            try {
                z = ZipFile.builder().setPath(archive).get();
            } catch (IOException ex) {
                throw corrupt(archive, ex);
            }
            try (z) {
                Enumeration<ZipArchiveEntry> en = z.getEntriesInPhysicalOrder();
                while (en.hasMoreElements()) {
                    ZipArchiveEntry e = en.nextElement();
                    count();
                    String name = e.getName();
                    String rel = relative(name);
                    if (rel.isEmpty()) {
                        continue;
                    }
                    boolean unix = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX;
                    int mode = unix ? e.getUnixMode() & 0777 : 0;
                    int type = unix ? e.getUnixMode() & UnixStat.FILE_TYPE_FLAG : 0;
                    if (unix && type != 0 && type != UnixStat.FILE_FLAG && type != UnixStat.DIR_FLAG
                            && type != UnixStat.LINK_FLAG) {
                        throw refuse(name, "is a device file, FIFO or socket; source archives have no business holding one");
                    }
                    FileTime mtime = e.getLastModifiedTime();
                    if (e.isDirectory()) {
                        directory(rel, name, mode == 0 ? 0755 : mode, mtime);
                    } else if (e.isUnixSymlink()) {
                        String target;
                        try {
                            target = z.getUnixSymlink(e);
                        } catch (IOException ex) {
                            throw corrupt(archive, ex);
                        }
                        symlink(rel, name, target);
                    } else {
                        if (!z.canReadEntryData(e)) {
                            throw new HdException("cannot unpack " + archive + ": entry '" + name
                                    + "' is encrypted or uses a compression method hd cannot read",
                                    "repack the sources as tar.gz or as a plain zip");
                        }
                        InputStream in;
                        try {
                            in = z.getInputStream(e);
                        } catch (IOException ex) {
                            throw corrupt(archive, ex);
                        }
                        try (in) {
                            file(rel, name, in, mode == 0 ? 0644 : mode, mtime);
                        }
                    }
                }
            }
        }

        // --- entries

        private void count() throws HdException {
            if (++entries > limits.maxEntries()) {
                throw new HdException("cannot unpack " + archive + ": it has more than " + limits.maxEntries()
                        + " entries, more than any source tree should", "if the archive is genuine, unpack it by hand"
                        + " into a directory and use it as a path: source");
            }
        }

        /** The entry's path with "." segments dropped; refuses "..", absolute paths and NULs. */
        private String relative(String name) throws HdException {
            if (name.startsWith("/")) {
                throw refuse(name, "is an absolute path");
            }
            if (name.indexOf('\0') >= 0) {
                throw refuse(name, "has a NUL character in its name");
            }
            StringBuilder sb = new StringBuilder(name.length());
            for (String seg : name.split("/")) {
                if (seg.isEmpty() || seg.equals(".")) {
                    continue;
                }
                if (seg.equals("..")) {
                    throw refuse(name, "has a '..' segment, which would escape the target directory");
                }
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(seg);
            }
            return sb.toString();
        }

        private HdException refuse(String entry, String why) {
            return new HdException("refusing to unpack " + archive + ": entry '" + entry + "' " + why,
                    "the archive is broken or hostile: check where it came from");
        }

        /** Makes sure {@code rel} is a real directory of the staging tree, never a link. */
        private Path dir(String rel, String entry) throws HdException, IOException {
            Path p = rel.isEmpty() ? staging : staging.resolve(rel);
            if (dirs.contains(rel)) {
                return p;
            }
            int slash = rel.lastIndexOf('/');
            dir(slash < 0 ? "" : rel.substring(0, slash), entry);
            BasicFileAttributes a = attributes(p);
            if (a == null) {
                Files.createDirectory(p);
            } else if (a.isSymbolicLink()) {
                throw refuse(entry, "would be written through the symbolic link '" + rel + "'");
            } else if (!a.isDirectory()) {
                throw refuse(entry, "needs '" + rel + "' to be a directory, but the archive has a file there");
            }
            dirs.add(rel);
            return p;
        }

        private Path parentDir(String rel, String entry) throws HdException, IOException {
            int slash = rel.lastIndexOf('/');
            return dir(slash < 0 ? "" : rel.substring(0, slash), entry);
        }

        /** Clears the way for a new file or link at {@code p}: a later entry wins, as with tar. */
        private void replaceable(Path p, String rel, String entry) throws HdException, IOException {
            BasicFileAttributes a = attributes(p);
            if (a == null) {
                return;
            }
            if (a.isDirectory()) {
                throw refuse(entry, "would replace the directory '" + rel + "' with a file");
            }
            Files.delete(p);
            files.remove(rel);
        }

        private void directory(String rel, String entry, int mode, FileTime mtime) throws HdException, IOException {
            dir(rel, entry);
            dirAttrs.put(rel, new DirAttrs(mode, mtime));
        }

        private void file(String rel, String entry, InputStream in, int mode, FileTime mtime)
                throws HdException, IOException {
            Path p = parentDir(rel, entry).resolve(fileName(rel));
            replaceable(p, rel, entry);
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException ex) {
                        throw corrupt(archive, ex);
                    }
                    if (n < 0) {
                        break;
                    }
                    bytes += n;
                    if (bytes > limits.maxBytes()) {
                        throw new HdException("cannot unpack " + archive + ": it unpacks to more than "
                                + limits.maxBytes() + " bytes (entry '" + entry + "'), which looks like a decompression bomb",
                                "if the archive is genuine, unpack it by hand and use the directory as a path: source");
                    }
                    out.write(buf, 0, n);
                }
            }
            setMode(p, (mode & 0777) | 0600);
            if (mtime != null) {
                Files.setLastModifiedTime(p, mtime);
            }
            files.add(rel);
        }

        private void symlink(String rel, String entry, String target) throws HdException, IOException {
            if (target == null || target.isEmpty()) {
                throw refuse(entry, "is a symbolic link with an empty target");
            }
            if (target.startsWith("/")) {
                throw refuse(entry, "is a symbolic link to the absolute path '" + target + "', outside the target directory");
            }
            if (target.indexOf('\0') >= 0) {
                throw refuse(entry, "is a symbolic link with a NUL character in its target");
            }
            Path p = parentDir(rel, entry).resolve(fileName(rel));
            replaceable(p, rel, entry);
            Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
            links.add(new Link(rel, entry, target));
        }

        private void hardLink(String rel, String entry, String linkName) throws HdException, IOException {
            String src = relative(linkName == null ? "" : linkName);
            if (src.isEmpty() || !files.contains(src)) {
                throw refuse(entry, "is a hard link to '" + linkName
                        + "', which is not a file unpacked earlier from the archive");
            }
            Path p = parentDir(rel, entry).resolve(fileName(rel));
            if (src.equals(rel)) {
                return;
            }
            replaceable(p, rel, entry);
            Path from = staging.resolve(src);
            try {
                Files.createLink(p, from);
            } catch (UnsupportedOperationException | FileSystemException ex) {
                // a filesystem without hard links gets a copy: same bytes, same mode
                Files.copy(from, p, StandardCopyOption.COPY_ATTRIBUTES);
            }
            files.add(rel);
        }

        /**
         * Every symbolic link must stay inside {@code root} (the tree after stripping): by its
         * text, and, when it resolves, by where it really leads (a chain like {@code a -> .},
         * {@code b -> a/a/../..} looks harmless as text but climbs out). A link that does not
         * resolve yet is accepted only when it climbs first and then descends: from a real
         * directory that cannot leave the tree, whatever is created later.
         */
        void checkLinks(Path root) throws HdException, IOException {
            Path realRoot = root.toRealPath();
            for (Link l : links) {
                Path link = staging.resolve(l.rel());
                if (!link.startsWith(root)) {
                    continue;
                }
                Path lexical = link.getParent().resolve(l.target()).normalize();
                if (!lexical.startsWith(root)) {
                    throw refuse(l.entry(), "is a symbolic link to '" + l.target() + "', outside the target directory");
                }
                if (Files.exists(link)) {
                    if (!link.toRealPath().startsWith(realRoot)) {
                        throw refuse(l.entry(), "is a symbolic link to '" + l.target()
                                + "', which leads outside the target directory through other links");
                    }
                } else if (climbsAfterDescending(l.target())) {
                    throw refuse(l.entry(), "is a dangling symbolic link to '" + l.target()
                            + "', whose '..' after a name could lead outside the target directory through other links");
                }
            }
        }

        private static boolean climbsAfterDescending(String target) {
            boolean descended = false;
            for (String seg : target.split("/")) {
                if (seg.equals("..")) {
                    if (descended) {
                        return true;
                    }
                } else if (!seg.isEmpty() && !seg.equals(".")) {
                    descended = true;
                }
            }
            return false;
        }

        /** Directory modes and times, set last (deepest first) since writing inside changes them. */
        void applyDirectoryAttributes(Path target, String top) throws IOException {
            List<Map.Entry<String, DirAttrs>> list = new ArrayList<>(dirAttrs.entrySet());
            list.sort(Comparator.comparingInt((Map.Entry<String, DirAttrs> e) -> depth(e.getKey())).reversed());
            for (Map.Entry<String, DirAttrs> e : list) {
                String rel = e.getKey();
                if (top != null) {
                    if (rel.equals(top)) {
                        rel = "";
                    } else if (rel.startsWith(top + "/")) {
                        rel = rel.substring(top.length() + 1);
                    } else {
                        continue;
                    }
                }
                if (rel.isEmpty()) {
                    // the stripped top directory is the target itself: its mode is the caller's business
                    continue;
                }
                Path p = target.resolve(rel);
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                setMode(p, (e.getValue().mode() & 0777) | 0700);
                if (e.getValue().mtime() != null) {
                    Files.setLastModifiedTime(p, e.getValue().mtime());
                }
            }
        }

        private static int depth(String rel) {
            int d = 0;
            for (int i = 0; i < rel.length(); i++) {
                if (rel.charAt(i) == '/') {
                    d++;
                }
            }
            return d;
        }

        private static String fileName(String rel) {
            return rel.substring(rel.lastIndexOf('/') + 1);
        }

        private static BasicFileAttributes attributes(Path p) throws IOException {
            try {
                return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private static void setMode(Path p, int mode) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (v == null) {
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(BITS[i]);
            }
        }
        v.setPermissions(perms);
    }
}
