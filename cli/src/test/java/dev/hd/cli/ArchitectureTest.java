package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md that the compiler cannot see: library code never prints,
 * JGit stays in gitstore, picocli in cli, YAML in resolver. (Module-to-module dependencies
 * are enforced by the maven-enforcer rules in each module's pom.)
 */
class ArchitectureTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** module -> text that must not appear in its main sources. */
    static final Map<String, List<String>> FORBIDDEN = Map.of(
            "resolver", List.of("System.out", "System.err", "printStackTrace()", "System.getenv", "org.eclipse.jgit", "picocli"),
            "gitstore", List.of("System.out", "System.err", "printStackTrace()", "System.getenv", "picocli", "org.snakeyaml"),
            "builder", List.of("System.out", "System.err", "printStackTrace()", "System.getenv", "org.eclipse.jgit", "picocli", "org.snakeyaml"),
            "hooks", List.of("System.out", "System.err", "printStackTrace()", "System.getenv", "org.eclipse.jgit", "picocli", "org.snakeyaml"));

    @Test
    void libraryModulesKeepTheirBoundaries() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : FORBIDDEN.entrySet()) {
            Path src = ROOT.resolve(e.getKey()).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        for (String bad : e.getValue()) {
                            if (lines.get(i).contains(bad)) {
                                violations.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + bad);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
