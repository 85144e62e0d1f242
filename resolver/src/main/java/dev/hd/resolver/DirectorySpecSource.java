package dev.hd.resolver;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A stack read from a plain directory. {@code .git} and {@code .hd} are never part of it.
 * (The git working tree, which also honours ignore rules, is gitstore's business.)
 */
public final class DirectorySpecSource implements SpecSource {
    private final Path root;
    /** What every read, listing and tree walk saw, taken before it read (see {@link #stamps()}). */
    private final java.util.concurrent.ConcurrentHashMap<Path, FileStamp> stamps = new java.util.concurrent.ConcurrentHashMap<>();

    public DirectorySpecSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The stamps of every file and directory this source has read, listed or hashed so far.
     * Each was taken before the read, so a file changed during resolution shows up as changed
     * later, never as unchanged.
     */
    public java.util.List<FileStamp> stamps() {
        java.util.List<FileStamp> out = new java.util.ArrayList<>(stamps.values());
        out.sort(java.util.Comparator.comparing(s -> s.path().toString()));
        return out;
    }

    private void stamp(Path p, boolean follow) {
        stamps.computeIfAbsent(p, q -> FileStamp.of(q, follow));
    }

    private Path resolve(String path) {
        if (path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../")) {
            throw new IllegalArgumentException("not a relative stack path: " + path);
        }
        return path.isEmpty() ? root : root.resolve(path);
    }

    static boolean hidden(String relPath) {
        String first = relPath.contains("/") ? relPath.substring(0, relPath.indexOf('/')) : relPath;
        return first.equals(".git") || first.equals(".hd");
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        Path p = resolve(path);
        stamp(p, true);
        try {
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path d = resolve(dir);
        stamp(d, true);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (dir.isEmpty() && hidden(name)) {
                    continue;
                }
                names.add(Files.isDirectory(p) ? name + "/" : name);
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public Optional<SourceKey> treeKey(String path) throws IOException {
        Path d = resolve(path);
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String prefix = path.isEmpty() ? "" : path + "/";
        stamp(d, false);
        return GitTreeHasher.hashDirectory(d, rel -> {
            if (hidden(prefix + rel)) {
                return false;
            }
            stamp(d.resolve(rel), false);
            return true;
        }).map(SourceKey::tree);
    }

    @Override
    public void exportTree(String path, Path target) throws IOException {
        Path from = resolve(path);
        String prefix = path.isEmpty() ? "" : path + "/";
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(dir).toString();
                if (!rel.isEmpty() && hidden(prefix + rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(rel));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(file).toString();
                if (hidden(prefix + rel)) {
                    return FileVisitResult.CONTINUE;
                }
                Path to = target.resolve(rel);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
