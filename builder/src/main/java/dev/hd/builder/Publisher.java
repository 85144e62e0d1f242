package dev.hd.builder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.ResolvedPackage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Makes a finished build directory an artifact. The steps are ordered so that a crash at any
 * point leaves either a complete artifact or debris that the next build removes:
 * <ol>
 * <li>walk the payload once: hash and fsync each file, make it and each directory read-only;</li>
 * <li>write and fsync {@code .hd/manifest};</li>
 * <li>fsync the artifact's entry in {@code bld/<name>/};</li>
 * <li>write {@code .hd/artifact.json} under a temporary name, fsync it, rename it into place.
 *     That rename is the commit point.</li>
 * </ol>
 * hd's own files in {@code .hd/} (log, script, env) are informational and not in the manifest.
 */
final class Publisher {
    static final int MARKER_FORMAT = 1;
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    private final Store store;

    Publisher(Store store) {
        this.store = store;
    }

    void publish(ResolvedPackage pkg, long startedAtMillis, long durationMillis) throws IOException {
        Path art = store.artifact(pkg.name(), pkg.id());
        List<Manifest.Entry> entries = sealPayload(art);
        Path meta = store.artifactMeta(pkg.name(), pkg.id());
        Path manifest = store.manifest(pkg.name(), pkg.id());
        Files.writeString(manifest, Manifest.format(entries), StandardCharsets.UTF_8);
        Fs.fsync(manifest);
        // the artifact's own directory entry must be on disk before the marker claims it exists
        Fs.fsyncDir(art.getParent());

        ObjectNode m = CanonicalJson.mapper().createObjectNode();
        m.put("format", MARKER_FORMAT);
        m.put("name", pkg.name());
        m.put("version", pkg.version());
        m.put("id", pkg.id().value());
        m.put("host", pkg.host());
        m.put("built_at", Instant.ofEpochMilli(startedAtMillis).toString());
        m.put("build_millis", durationMillis);
        m.put("files", entries.size());
        // where the sources came from: the key is hashed into the id, the rest is only recorded here
        var sources = m.putArray("sources");
        for (dev.hd.resolver.Source src : pkg.sources()) {
            ObjectNode o = sources.addObject();
            o.put("key", src.key().toString());
            if (src instanceof dev.hd.resolver.Source.Git g) {
                o.put("url", g.url());
                if (g.ref() != null) {
                    o.put("ref", g.ref());
                }
            } else if (src instanceof dev.hd.resolver.Source.Archive a && a.url() != null) {
                o.put("url", a.url());
            } else if (src instanceof dev.hd.resolver.Source.Local l) {
                o.put("develop", l.dir().toString());
            } else if (src instanceof dev.hd.resolver.Source.Tree t) {
                o.put("path", t.path());
            }
        }
        Path marker = store.artifactMarker(pkg.name(), pkg.id());
        Path tmp = meta.resolve(Store.ARTIFACT_MARKER + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap((CanonicalJson.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        // The commit point. .hd/ is not fsync'd after it: everything the marker vouches for is
        // already on disk, so a power loss can at worst lose the marker, and with it only the
        // knowledge that the artifact is complete (it is then rebuilt), never its content.
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        // after the commit point: hd's metadata becomes read-only too (a crash before this
        // leaves a complete artifact whose .hd/ is writable, which is harmless)
        try (var s = Files.list(meta)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                readOnly(p, Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            }
        }
        readOnly(meta, Files.getPosixFilePermissions(meta));
    }

    /** Hashes, fsyncs and write-protects everything outside .hd/, returning the manifest entries. */
    private static List<Manifest.Entry> sealPayload(Path art) throws IOException {
        List<Manifest.Entry> entries = new ArrayList<>();
        Path meta = art.resolve(Store.META_DIR);
        Files.walkFileTree(art, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(meta) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = Fs.relative(art, file);
                if (attrs.isSymbolicLink()) {
                    entries.add(new Manifest.Entry(Manifest.Type.SYMLINK, 0777, "", rel,
                            Files.readSymbolicLink(file).toString()));
                } else if (attrs.isRegularFile()) {
                    String sha = hashAndSync(file);
                    int perms = readOnly(file, perms(file, attrs));
                    entries.add(new Manifest.Entry(Manifest.Type.FILE, perms, sha, rel, ""));
                } else {
                    throw new IOException("the build left " + file + ", which is neither a file, a directory"
                            + " nor a symlink (a socket or fifo?): artifacts cannot hold it");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Fs.fsyncDir(dir);
                int perms = readOnly(dir, Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
                if (!dir.equals(art)) {
                    entries.add(new Manifest.Entry(Manifest.Type.DIRECTORY, perms, "", Fs.relative(art, dir), ""));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        entries.sort(Comparator.comparing(Manifest.Entry::path));
        return entries;
    }

    private static Set<PosixFilePermission> perms(Path p, BasicFileAttributes attrs) throws IOException {
        return attrs instanceof PosixFileAttributes pa ? pa.permissions()
                : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes the write bits; returns the resulting permission bits. */
    static int readOnly(Path p, Set<PosixFilePermission> perms) throws IOException {
        if (perms.stream().anyMatch(WRITE::contains)) {
            Set<PosixFilePermission> ro = EnumSet.noneOf(PosixFilePermission.class);
            ro.addAll(perms);
            ro.removeAll(WRITE);
            Files.setPosixFilePermissions(p, ro);
            perms = ro;
        }
        return bits(perms);
    }

    static int bits(Set<PosixFilePermission> perms) {
        int b = 0;
        for (PosixFilePermission p : perms) {
            b |= 1 << (8 - p.ordinal());
        }
        return b;
    }

    /** One open per file: read it for the hash, then flush it while the channel is open. */
    private static String hashAndSync(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = BUFFERS.get();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            buf.clear();
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
            ch.force(true);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
