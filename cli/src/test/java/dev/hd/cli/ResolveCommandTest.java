package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    Cli cli() {
        return new Cli(tmp, tmp.resolve("store"));
    }

    @Test
    void listsPackagesInDependencyOrderWithShortIdsAndBuildDeps() {
        Cli.Result r = cli().run("resolve", EXAMPLES.toString());
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].matches("libgreet +1\\.0\\.0 +[a-z2-7]{12} *"), lines[0]);
        assertTrue(lines[1].matches("libshout +0\\.3\\.1 +[a-z2-7]{12} +<- libgreet"), lines[1]);
        assertTrue(lines[2].matches("hello +2\\.1 +[a-z2-7]{12} +<- libgreet libshout"), lines[2]);
        assertEquals("", r.err());
    }

    @Test
    void overridesChangeTheIdsOfUsersOnly() {
        Cli.Result a = cli().run("resolve", EXAMPLES.toString());
        Cli.Result b = cli().run("resolve", EXAMPLES.toString(), "libgreet.greeting=Howdy");
        assertEquals(0, b.code(), b.toString());
        String[] x = a.out().split("\n");
        String[] y = b.out().split("\n");
        assertFalse(x[0].equals(y[0]), "libgreet changes");
        assertFalse(x[1].equals(y[1]), "libshout sees libgreet");
        assertFalse(x[2].equals(y[2]), "hello sees libgreet");
    }

    @Test
    void jsonGivesFullBuildSpecsWithAFormatVersion() {
        Cli.Result r = cli().run("resolve", EXAMPLES.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode doc = CanonicalJson.read(r.out());
        assertEquals(1, doc.get("version").asInt());
        JsonNode hello = doc.get("packages").get(2);
        assertEquals("hello", hello.get("name").asText());
        assertEquals(32, hello.get("id").asText().length());
        assertEquals("2.1", hello.get("build_spec").get("version").asText());
        assertEquals(doc.get("packages").get(0).get("id").asText(),
                hello.get("build_spec").get("dependencies").get("build").get("libgreet").asText());
    }

    @Test
    void resolvesTheCurrentDirectoryByDefaultAndHonoursDashC() {
        Cli.Result r = new Cli(EXAMPLES, tmp.resolve("store")).run("resolve");
        assertEquals(0, r.code(), r.toString());
        Cli.Result c = cli().run("-C", EXAMPLES.toString(), "resolve");
        assertEquals(r.out(), c.out());
    }

    @Test
    void badSpecExitsOneWithPositionAndHintButNoStackTrace() throws IOException {
        Path stack = tmp.resolve("bad");
        Files.createDirectories(stack.resolve("pkgs"));
        Files.writeString(stack.resolve("stack.yaml"), "packages:\n  a:\n");
        Files.writeString(stack.resolve("pkgs/a.yaml"), "version: 1\nbuild_stage:\n  - {name: x, bash: true}\n");
        Cli.Result r = cli().run("resolve", stack.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("hd: pkgs/a.yaml:2:1: unknown key 'build_stage'"), r.err());
        assertTrue(r.err().contains("hint: did you mean 'build_stages'?"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without -v: " + r.err());
        Cli.Result v = cli().run("-v", "resolve", stack.toString());
        assertTrue(v.err().contains("\tat "), "a stack trace with -v: " + v.err());
    }

    @Test
    void missingStackAndUsageErrors() {
        Cli.Result r = cli().run("resolve", tmp.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("no stack.yaml in"), r.err());
        Cli.Result u = cli().run("resolve", "--no-such-option");
        assertEquals(2, u.code(), u.toString());
        Cli.Result two = cli().run("resolve", "a", "b");
        assertEquals(2, two.code(), two.toString());
        assertTrue(two.err().contains("more than one stack given"), two.err());
    }
}
