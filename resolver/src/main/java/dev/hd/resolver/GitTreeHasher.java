package dev.hd.resolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Computes the id git would give a directory ({@code git write-tree} of it with every file
 * added), without git: blobs and trees are SHA-1 over git's object encoding. Empty
 * directories vanish, as in git. Used for {@code path:} sources of a plain directory.
 */
public final class GitTreeHasher {
    private static final HexFormat HEX = HexFormat.of();

    private GitTreeHasher() {
    }

    /**
     * @param dir     the directory
     * @param include decides, per relative path ('/'-separated), whether an entry counts
     * @return the 40-hex tree id, or empty when nothing is included (git has no empty trees)
     */
    public static Optional<String> hashDirectory(Path dir, Predicate<String> include) throws IOException {
        byte[] id = hashTree(dir, "", include);
        return id == null ? Optional.empty() : Optional.of(HEX.formatHex(id));
    }

    private static byte[] hashTree(Path dir, String rel, Predicate<String> include) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                String childRel = rel.isEmpty() ? name : rel + "/" + name;
                if (!include.test(childRel)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    byte[] target = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
                    entries.add(new Entry("120000", name, false, blobId(target)));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] sub = hashTree(p, childRel, include);
                    if (sub != null) {
                        entries.add(new Entry("40000", name, true, sub));
                    }
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String mode = isExecutable(p) ? "100755" : "100644";
                    entries.add(new Entry(mode, name, false, blobId(Files.readAllBytes(p))));
                }
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        entries.sort((a, b) -> compareGitOrder(a, b));
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Entry e : entries) {
            body.writeBytes((e.mode + " " + e.name).getBytes(StandardCharsets.UTF_8));
            body.write(0);
            body.writeBytes(e.id);
        }
        return objectId("tree", body.toByteArray());
    }

    private static boolean isExecutable(Path p) throws IOException {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(p);
        }
    }

    /** git sorts tree entries by name, comparing a directory's name as if it ended in '/'. */
    private static int compareGitOrder(Entry a, Entry b) {
        byte[] x = (a.dir ? a.name + "/" : a.name).getBytes(StandardCharsets.UTF_8);
        byte[] y = (b.dir ? b.name + "/" : b.name).getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    /** The id of a blob with this content. */
    public static byte[] blobId(byte[] content) {
        return objectId("blob", content);
    }

    private static byte[] objectId(String type, byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update((type + " " + content.length).getBytes(StandardCharsets.US_ASCII));
            md.update((byte) 0);
            md.update(content);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    private record Entry(String mode, String name, boolean dir, byte[] id) {
    }
}
