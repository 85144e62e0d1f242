package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the artifact ids of the bundled example stack. If this fails, an id changed: when that
 * is on purpose (the build spec changed shape), bump {@code StackResolver.FORMAT_VERSION} and
 * update {@code src/test/resources/golden/examples.ids}; when it is not, the change broke
 * reproducibility: every user's store would rebuild everything.
 */
class GoldenIdsTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    static String render(ResolvedStack rs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# format ").append(StackResolver.FORMAT_VERSION).append('\n');
        for (ResolvedPackage p : rs.packages()) {
            sb.append(p.name()).append(' ').append(p.id()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void exampleStackIdsArePinned() throws HdException, IOException {
        ResolvedStack rs = Resolver.resolve(new DirectorySpecSource(EXAMPLES), ResolveOptions.defaults());
        String golden = new String(getClass().getResourceAsStream("/golden/examples.ids").readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(golden, render(rs), "artifact ids of examples/ changed; see the javadoc of GoldenIdsTest");
    }

    @Test
    void exampleStackShape() throws HdException {
        ResolvedStack rs = Resolver.resolve(new DirectorySpecSource(EXAMPLES), ResolveOptions.defaults());
        assertEquals(java.util.List.of("libgreet", "libshout", "hello"),
                rs.packages().stream().map(ResolvedPackage::name).toList());
        ResolvedPackage greet = rs.get("libgreet");
        assertEquals(Map.of("cflags", "-O2", "greeting", "Hello"), greet.parameters());
        assertEquals(java.util.List.of("configure", "build", "install"),
                greet.stages().stream().map(Stage::name).toList());
        assertTrue(greet.stages().get(1).bash().startsWith("make CFLAGS=\"-O2\"\necho"), greet.stages().get(1).bash());
        assertTrue(greet.sources().get(0) instanceof Source.Tree t && t.path().equals("src/libgreet"));
    }

    @Test
    void canonicalJsonHasSortedKeysAndNoWhitespace() throws HdException {
        ResolvedStack rs = Resolver.resolve(new DirectorySpecSource(EXAMPLES), ResolveOptions.defaults());
        String json = rs.get("hello").buildSpecJson();
        assertTrue(json.startsWith("{\"dependencies\":{\"build\":{\"libgreet\":"), json);
        assertEquals(json, CanonicalJson.write(CanonicalJson.read(json)));
        assertEquals(rs.get("hello").id(), ArtifactId.ofCanonicalJson(json));
    }

    /** Regenerates the golden file: run with -Dhd.golden.update=true when ids change on purpose. */
    @Test
    void updateGoldenWhenAsked() throws Exception {
        if (!Boolean.getBoolean("hd.golden.update")) {
            return;
        }
        ResolvedStack rs = Resolver.resolve(new DirectorySpecSource(EXAMPLES), ResolveOptions.defaults());
        Files.writeString(Path.of("src/test/resources/golden/examples.ids"), render(rs));
    }
}
