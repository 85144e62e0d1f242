package dev.hd.resolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.List;
import java.util.ArrayList;

/**
 * A stack held in memory (path -> content), for tests and generated stacks. Directories
 * exist implicitly. Tree keys are computed as git would for the files below a path.
 */
public final class MapSpecSource implements SpecSource {
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final String name;

    public MapSpecSource(String name) {
        this.name = name;
    }

    public MapSpecSource() {
        this("<memory>");
    }

    /** Adds or replaces a file; returns this for chaining. */
    public MapSpecSource put(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public MapSpecSource putBytes(String path, byte[] content) {
        files.put(path, content.clone());
        return this;
    }

    public MapSpecSource remove(String path) {
        files.remove(path);
        return this;
    }

    /** A copy that can be changed without touching this one. */
    public MapSpecSource copy() {
        MapSpecSource c = new MapSpecSource(name);
        c.files.putAll(files);
        return c;
    }

    public Map<String, byte[]> files() {
        return java.util.Collections.unmodifiableMap(files);
    }

    @Override
    public synchronized Optional<byte[]> read(String path) {
        byte[] b = files.get(path);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    @Override
    public synchronized List<String> list(String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String p : files.tailMap(prefix).keySet()) {
            if (!p.startsWith(prefix)) {
                break;
            }
            String rest = p.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        return new ArrayList<>(names);
    }

    @Override
    public synchronized Optional<SourceKey> treeKey(String path) throws IOException {
        Path tmp = Files.createTempDirectory("hd-mapsource");
        try {
            exportTree(path, tmp);
            return GitTreeHasher.hashDirectory(tmp, rel -> true).map(SourceKey::tree);
        } finally {
            deleteTree(tmp);
        }
    }

    @Override
    public synchronized void exportTree(String path, Path target) throws IOException {
        String prefix = path.isEmpty() ? "" : path + "/";
        for (Map.Entry<String, byte[]> e : files.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            Path to = target.resolve(e.getKey().substring(prefix.length()));
            Files.createDirectories(to.getParent());
            Files.write(to, e.getValue());
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    @Override
    public String describe() {
        return name;
    }
}
