package dev.hd.resolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a file looked like when hd read it: existence, kind, size, modification and change
 * times, inode — the fields git's index compares to decide that a file is unchanged without
 * reading it. A resolution cached with the stamps of every file it read is still valid while
 * every stamp is.
 *
 * @param path       the absolute path
 * @param follow     whether the stamp follows a symbolic link (files read) or describes the
 *                   link itself (entries of a hashed tree)
 * @param kind       'F' file, 'D' directory, 'L' symbolic link, 'O' other, 'A' absent
 */
public record FileStamp(Path path, boolean follow, char kind, long size, long mtimeNanos, long ctimeNanos, long inode) {

    public FileStamp {
        Objects.requireNonNull(path, "path");
        if ("FDLOA".indexOf(kind) < 0) {
            throw new IllegalArgumentException("kind " + kind);
        }
    }

    /** Stats {@code path} now (following links when {@code follow}). */
    public static FileStamp of(Path path, boolean follow) {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino,isDirectory,isRegularFile,isSymbolicLink", opts);
            char kind = Boolean.TRUE.equals(a.get("isRegularFile")) ? 'F'
                    : Boolean.TRUE.equals(a.get("isDirectory")) ? 'D'
                    : Boolean.TRUE.equals(a.get("isSymbolicLink")) ? 'L' : 'O';
            return new FileStamp(path, follow, kind, (Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")), (Long) a.get("ino"));
        } catch (NoSuchFileException e) {
            return absent(path, follow);
        } catch (IOException | UnsupportedOperationException e) {
            // Unknown state: a stamp that can never match, so a cache built on it is never trusted.
            return new FileStamp(path, follow, 'O', -1, -1, -1, -1);
        }
    }

    public static FileStamp absent(Path path, boolean follow) {
        return new FileStamp(path, follow, 'A', 0, 0, 0, 0);
    }

    /** Whether the file still looks the same. */
    public boolean isCurrent() {
        return size >= 0 && of(path, follow).equals(this);
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /** One line: {@code kind follow size mtime ctime inode path}. */
    public String toLine() {
        return kind + " " + (follow ? '1' : '0') + " " + size + " " + mtimeNanos + " " + ctimeNanos + " " + inode + " " + path;
    }

    /** Parses {@link #toLine()}. */
    public static FileStamp parse(String line) {
        return parse(line, 0, line.length());
    }

    /**
     * Parses the {@link #toLine()} in {@code text} from {@code start} to {@code end}
     * (exclusive), without splitting: caches read thousands of these on every no-op build.
     */
    public static FileStamp parse(String text, int start, int end) {
        int[] sp = new int[6];
        int at = start;
        for (int i = 0; i < 6; i++) {
            int s = text.indexOf(' ', at);
            if (s < 0 || s >= end) {
                throw new IllegalArgumentException("not a file stamp: " + text.substring(start, end));
            }
            sp[i] = s;
            at = s + 1;
        }
        if (sp[0] != start + 1) {
            throw new IllegalArgumentException("not a file stamp: " + text.substring(start, end));
        }
        return new FileStamp(Path.of(text.substring(at, end)), text.charAt(sp[0] + 1) == '1' && sp[1] == sp[0] + 2,
                text.charAt(start), Long.parseLong(text, sp[1] + 1, sp[2], 10), Long.parseLong(text, sp[2] + 1, sp[3], 10),
                Long.parseLong(text, sp[3] + 1, sp[4], 10), Long.parseLong(text, sp[4] + 1, sp[5], 10));
    }
}
