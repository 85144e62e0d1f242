package dev.hd.builder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The file operations the store is built from: deleting read-only trees, copying trees,
 * fsync, and write-to-temp-then-rename. Nothing here knows the store layout.
 */
public final class Fs {
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private Fs() {
    }

    /**
     * Deletes a file or a whole tree, symlinks not followed. Published artifacts are read-only,
     * so directories are made writable first. Nothing there is no error.
     *
     * @return the bytes of the regular files removed (what GC reports as freed)
     */
    public static long deleteRecursively(Path path) throws IOException {
        BasicFileAttributes top;
        try {
            top = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (!top.isDirectory()) {
            Files.deleteIfExists(path);
            return top.isRegularFile() ? top.size() : 0;
        }
        makeOwnerWritable(path, top);
        long[] bytes = {0};
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                makeOwnerWritable(dir, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                if (attrs.isRegularFile()) {
                    bytes[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof AccessDeniedException && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    // a directory a build made unreadable (chmod 000): open it up and start over there
                    Files.setPosixFilePermissions(file, OWNER_RWX);
                    bytes[0] += deleteRecursively(file);
                    return FileVisitResult.CONTINUE;
                }
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    // something still writes here (a build process that outlived hd): say where
                    throw new IOException("cannot remove " + dir + ": a process still writes into it", e);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }

    /**
     * The bytes of the regular files in a tree (symlinks not followed; unreadable parts count
     * as nothing), as {@link #deleteRecursively} would report them.
     */
    public static long sizeOf(Path path) throws IOException {
        long[] bytes = {0};
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        bytes[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return 0;
        }
        return bytes[0];
    }

    private static void makeOwnerWritable(Path dir, BasicFileAttributes attrs) throws IOException {
        Set<PosixFilePermission> perms = attrs instanceof PosixFileAttributes pa
                ? pa.permissions() : Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!perms.containsAll(OWNER_RWX)) {
            Set<PosixFilePermission> p = EnumSet.copyOf(OWNER_RWX);
            p.addAll(perms);
            Files.setPosixFilePermissions(dir, p);
        }
    }

    /** Creates {@code dir} empty: whatever was there before (a crashed run's debris) is removed. */
    public static void createFresh(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            deleteRecursively(dir);
            Files.createDirectory(dir);
        }
    }

    /**
     * Copies a tree into {@code to} (which may exist), keeping modes and symlinks as they are.
     * {@code include} sees paths relative to {@code from}, '/'-separated.
     */
    public static void copyTree(Path from, Path to, Predicate<String> include) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = relative(from, dir);
                if (!rel.isEmpty() && !include.test(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(rel.isEmpty() ? to : to.resolve(rel));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = relative(from, file);
                if (include.test(rel)) {
                    Path dest = to.resolve(rel);
                    if (attrs.isSymbolicLink()) {
                        Files.createSymbolicLink(dest, Files.readSymbolicLink(file));
                    } else {
                        Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static String relative(Path base, Path p) {
        String rel = base.relativize(p).toString();
        return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
    }

    /** Flushes a file's data and metadata to disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Flushes a directory's entries to disk, so that files created or renamed in it survive a
     * power loss. Some file systems cannot open a directory; there it is a no-op.
     */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException | AccessDeniedException e) {
            // nothing to flush through this file system (e.g. an in-memory one in tests)
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /**
     * Writes {@code data} to {@code tmp}, flushes it, and renames it to {@code target}: readers
     * see the old content or the new one, never a part. The rename is flushed too.
     */
    public static void writeAtomically(Path target, Path tmp, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(target.getParent());
    }
}
