package dev.hd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.Fs;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which packages of a stack checkout are in develop mode ({@code hd develop PKG --path DIR}),
 * and from which directory: {@code .hd/develop.json} in the stack directory, kept out of
 * git's view with the rest of {@code .hd/}. It belongs to the checkout, not to the stack's
 * history: every build of that checkout (its working tree or a revision) uses it until
 * {@code hd develop PKG --off}.
 *
 * <pre>{"format":1,"packages":{"libfoo":{"path":"/home/me/src/libfoo"}}}</pre>
 */
record DevelopState(Map<String, Path> packages) {
    static final String FILE = ".hd/develop.json";
    static final int FORMAT = 1;
    static final DevelopState EMPTY = new DevelopState(Map.of());

    DevelopState {
        packages = java.util.Collections.unmodifiableMap(new TreeMap<>(packages));
    }

    static Path file(Path stackDir) {
        return stackDir.resolve(FILE);
    }

    /** The state of a stack checkout; empty when it has none. */
    static DevelopState read(Path stackDir) throws HdException {
        Path f = file(stackDir);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new HdException("cannot read " + f + ": " + e.getMessage(), null, e);
        }
        try {
            JsonNode root = CanonicalJson.read(text);
            if (root.path("format").asInt() != FORMAT || !root.path("packages").isObject()) {
                throw new IllegalArgumentException("not a develop state of format " + FORMAT);
            }
            Map<String, Path> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("packages").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = e.getValue().path("path").asText("");
                if (p.isEmpty() || !Path.of(p).isAbsolute()) {
                    throw new IllegalArgumentException("package " + e.getKey() + " has no absolute path");
                }
                m.put(e.getKey(), Path.of(p));
            }
            return new DevelopState(m);
        } catch (IllegalArgumentException e) {
            throw new HdException("damaged develop state " + f + ": " + e.getMessage(),
                    "remove it (every package then leaves develop mode) and run 'hd develop PKG --path DIR' again");
        }
    }

    DevelopState with(String pkg, Path dir) {
        Map<String, Path> m = new TreeMap<>(packages);
        m.put(pkg, dir.toAbsolutePath().normalize());
        return new DevelopState(m);
    }

    DevelopState without(String pkg) {
        Map<String, Path> m = new TreeMap<>(packages);
        m.remove(pkg);
        return new DevelopState(m);
    }

    /** Writes the state atomically (removing the file when no package is left in develop mode). */
    void write(Path stackDir) throws HdException {
        Path f = file(stackDir);
        try {
            if (packages.isEmpty()) {
                Files.deleteIfExists(f);
                return;
            }
            ObjectNode root = CanonicalJson.mapper().createObjectNode();
            root.put("format", FORMAT);
            ObjectNode pkgs = root.putObject("packages");
            packages.forEach((k, v) -> pkgs.putObject(k).put("path", v.toString()));
            Files.createDirectories(f.getParent());
            Fs.writeAtomically(f, f.resolveSibling("develop.json.tmp"),
                    (CanonicalJson.write(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HdException("cannot write " + f + ": " + e.getMessage(), "check that " + stackDir + " is writable", e);
        }
    }
}
