package dev.hd.builder.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The folder of real upstream archives shared by the team ({@code shared/sources}, next to
 * the checkout or an ancestor of it). Tests read it, never write it, and skip without it.
 */
public final class SharedSources {
    private SharedSources() {
    }

    /** The folder, when some ancestor of the working directory has a {@code shared/sources} sibling. */
    public static Optional<Path> find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("sources");
            if (Files.isRegularFile(candidate.resolve("SHA256SUMS"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The folder; skips the calling test when it is absent. */
    public static Path require() {
        Optional<Path> d = find();
        Assumptions.assumeTrue(d.isPresent(), "no shared/sources folder: skipping");
        return d.get();
    }
}
