package dev.hd.builder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How long earlier builds of a package took, from the {@code build_millis} of the artifacts
 * the store holds: what a progress view bases its estimate on. Another artifact of the same
 * package (an older version, other flags) is the best guess there is; the newest one is taken,
 * being the closest to what is built now.
 */
public final class BuildTimes {
    private final Store store;

    public BuildTimes(Store store) {
        this.store = store;
    }

    /**
     * The duration of the newest complete build of {@code name} in the store, if there is one
     * (reads the marker of each artifact of that package: a few small files).
     */
    public OptionalLong last(String name) {
        Path dir = store.packageBuilds(name);
        String newestAt = null;
        long newestMillis = -1;
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(dir)) {
            for (Path a : ids) {
                JsonNode m;
                try {
                    m = CanonicalJson.read(Files.readString(a.resolve(Store.META_DIR).resolve(Store.ARTIFACT_MARKER),
                            StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    continue; // debris, a build in progress, or a damaged marker: no evidence
                }
                String at = m.path("built_at").asText("");
                long millis = m.path("build_millis").asLong(-1);
                // ISO-8601 instants in UTC of one format compare as strings
                if (millis >= 0 && (newestAt == null || at.compareTo(newestAt) > 0)) {
                    newestAt = at;
                    newestMillis = millis;
                }
            }
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return newestMillis < 0 ? OptionalLong.empty() : OptionalLong.of(newestMillis);
    }
}
