package dev.hd.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The list of an artifact's payload (every entry outside {@code .hd/}) written at publish time,
 * so that {@code hd verify} can check an artifact and profiles can be made without walking
 * artifact trees. One line per entry, sorted by path, fields separated by tabs:
 * <pre>
 * # hd manifest 1
 * &lt;sha256 hex or -&gt;  &lt;git-style mode, octal&gt;  &lt;path&gt;  [&lt;symlink target&gt;]
 * </pre>
 * Modes are 100xxx for files, 120000 for symlinks, 040xxx for directories (the read-only
 * permissions after publish). Tabs, newlines and backslashes in names are escaped as
 * {@code \t}, {@code \n} and {@code \\}.
 */
public final class Manifest {
    static final String HEADER = "# hd manifest 1";

    private Manifest() {
    }

    /** What an entry is. */
    public enum Type {
        FILE(0100000), SYMLINK(0120000), DIRECTORY(0040000);

        final int bits;

        Type(int bits) {
            this.bits = bits;
        }
    }

    /**
     * One payload entry.
     *
     * @param type   file, symlink or directory
     * @param perms  permission bits (e.g. 0555)
     * @param sha256 hex digest of a file's content, "" for the others
     * @param path   relative to the artifact, '/'-separated
     * @param target a symlink's target, "" for the others
     */
    public record Entry(Type type, int perms, String sha256, String path, String target) {
        public Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
            if (path.isEmpty() || path.startsWith("/")) {
                throw new IllegalArgumentException("not a relative path: " + path);
            }
        }

        String line() {
            StringBuilder sb = new StringBuilder(96 + path.length());
            sb.append(sha256.isEmpty() ? "-" : sha256).append('\t');
            sb.append(String.format("%06o", type.bits | perms)).append('\t');
            escape(path, sb);
            if (type == Type.SYMLINK) {
                sb.append('\t');
                escape(target, sb);
            }
            return sb.append('\n').toString();
        }
    }

    static String format(List<Entry> sortedEntries) {
        StringBuilder sb = new StringBuilder(HEADER.length() + 1 + sortedEntries.size() * 100);
        sb.append(HEADER).append('\n');
        for (Entry e : sortedEntries) {
            sb.append(e.line());
        }
        return sb.toString();
    }

    /** Reads a manifest file. */
    public static List<Entry> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not an hd manifest (first line should be '" + HEADER + "')");
        }
        List<Entry> out = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length < 3) {
                throw new IOException(file + ":" + (i + 1) + ": malformed manifest line");
            }
            int mode;
            try {
                mode = Integer.parseInt(f[1], 8);
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": bad mode " + f[1], e);
            }
            Type type = switch (mode & 0170000) {
                case 0100000 -> Type.FILE;
                case 0120000 -> Type.SYMLINK;
                case 0040000 -> Type.DIRECTORY;
                default -> throw new IOException(file + ":" + (i + 1) + ": unknown file type in mode " + f[1]);
            };
            out.add(new Entry(type, mode & 07777, f[0].equals("-") ? "" : f[0], unescape(f[2]),
                    f.length > 3 ? unescape(f[3]) : ""));
        }
        return out;
    }

    private static void escape(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
