package dev.hd.builder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.ResolvedPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Says why a package needs building: "new" when the store has no artifact of that package,
 * else "changed: " and the build-spec fields that differ from the artifact it replaces (the
 * one in the previously active profile, or else the newest of that package in the store),
 * e.g. {@code changed: dependencies (libgreet), stages (build)}.
 */
public final class BuildReasons {
    private final Store store;
    private final Map<String, ArtifactId> previous;

    /** @param previous the artifacts of the previously active profile by package name (may be empty) */
    public BuildReasons(Store store, Map<String, ArtifactId> previous) {
        this.store = store;
        this.previous = Map.copyOf(previous);
    }

    public String why(ResolvedPackage p) {
        Optional<ArtifactId> ref = reference(p);
        if (ref.isEmpty()) {
            return "new";
        }
        if (ref.get().equals(p.id())) {
            return "its artifact was removed from the store";
        }
        JsonNode before;
        try {
            before = CanonicalJson.read(Files.readString(store.buildSpec(p.name(), ref.get()), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return "changed";
        }
        List<String> diffs = diff(before, CanonicalJson.read(p.buildSpecJson()));
        return diffs.isEmpty() ? "changed" : "changed: " + String.join(", ", diffs);
    }

    private Optional<ArtifactId> reference(ResolvedPackage p) {
        ArtifactId prev = previous.get(p.name());
        if (prev != null && (prev.equals(p.id()) || Files.exists(store.artifactMarker(p.name(), prev)))) {
            return Optional.of(prev);
        }
        ArtifactId newest = null;
        FileTime newestTime = null;
        Path dir = store.packageBuilds(p.name());
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var s = Files.list(dir)) {
            for (Path a : (Iterable<Path>) s::iterator) {
                String name = a.getFileName().toString();
                if (name.length() != ArtifactId.LENGTH || !dev.hd.resolver.Base32.isLowerBase32(name)) {
                    continue;
                }
                ArtifactId id = new ArtifactId(name);
                Path marker = store.artifactMarker(p.name(), id);
                if (!Files.exists(marker)) {
                    continue;
                }
                FileTime t = Files.getLastModifiedTime(marker);
                if (newestTime == null || t.compareTo(newestTime) > 0) {
                    newest = id;
                    newestTime = t;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(newest);
    }

    /** Top-level fields that differ, each with the names of its parts that do when it has any. */
    static List<String> diff(JsonNode before, JsonNode after) {
        TreeSet<String> keys = new TreeSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            JsonNode a = before.get(k);
            JsonNode b = after.get(k);
            if (a != null && a.equals(b)) {
                continue;
            }
            List<String> parts = parts(a, b);
            out.add(parts.isEmpty() ? k : k + " (" + String.join(", ", parts) + ")");
        }
        return out;
    }

    /**
     * The names of what differs inside a field: for objects the keys, descending into nested
     * objects so that {@code {"build":{"libshout":..},"run":{"libshout":..}}} gives "libshout";
     * for lists of named objects (stages) the names.
     */
    private static List<String> parts(JsonNode a, JsonNode b) {
        TreeSet<String> out = new TreeSet<>();
        if (!collect(a, b, out)) {
            return List.of();
        }
        return new ArrayList<>(out);
    }

    /** Adds the differing names to {@code out}; false when the values are not comparable by name. */
    private static boolean collect(JsonNode a, JsonNode b, TreeSet<String> out) {
        Map<String, JsonNode> ma = named(a);
        Map<String, JsonNode> mb = named(b);
        if (ma == null || mb == null) {
            return false;
        }
        TreeSet<String> keys = new TreeSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (String k : keys) {
            JsonNode x = ma.get(k);
            JsonNode y = mb.get(k);
            if (java.util.Objects.equals(x, y)) {
                continue;
            }
            // descend into nested objects, not into the named items of a list (a stage)
            if (x != null && y != null && a.isObject() && x.isObject() && y.isObject() && collect(x, y, out)) {
                continue;
            }
            out.add(k);
        }
        return true;
    }

    private static Map<String, JsonNode> named(JsonNode n) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (n == null) {
            return m;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue());
            }
            return m;
        }
        if (n.isArray()) {
            for (JsonNode item : n) {
                if (!item.isObject() || !item.has("name")) {
                    return null;
                }
                m.put(item.get("name").asText(), item);
            }
            return m;
        }
        return null;
    }
}
