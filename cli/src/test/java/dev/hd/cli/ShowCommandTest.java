package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hd show} before anything is built: what it computes from the stack alone. */
class ShowCommandTest {
    @TempDir
    Path tmp;
    Path stack;
    Cli hd;

    @BeforeEach
    void setUp() throws Exception {
        stack = tmp.resolve("stack");
        CliHarness.copyTree(CliHarness.examples(), stack);
        hd = new Cli(stack, tmp.resolve("store"));
    }

    @Test
    void summaryOfAPackageNotBuiltYet() {
        Cli.Result r = hd.run("show", "hello");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("hello-2.1  "), r.out());
        assertTrue(r.out().contains("  spec:        pkgs/hello.yaml"), r.out());
        assertTrue(r.out().contains("  build deps:  libgreet libshout\n"), r.out());
        assertTrue(r.out().contains("  sources:     path: src/hello  tree:"), r.out());
        assertTrue(r.out().contains("  artifact:    not built (hd build builds it)\n"), r.out());

        JsonNode doc = CanonicalJson.read(hd.run("show", "libgreet", "--json").out());
        assertEquals(1, doc.path("version").asInt());
        assertEquals("libgreet", doc.path("package").path("name").asText());
        assertEquals("Hello", doc.path("package").path("parameters").path("greeting").asText());
        assertEquals(false, doc.path("artifact").path("built").asBoolean());
    }

    @Test
    void buildSpecScriptAndEnvironmentAreComputedBeforeBuilding() {
        Cli.Result spec = hd.run("show", "libgreet", "buildspec", "greeting=Howdy");
        assertEquals(0, spec.code(), spec.toString());
        JsonNode s = CanonicalJson.read(spec.out());
        assertTrue(s.toString().contains("Howdy"), "overrides apply: " + s);
        Cli.Result id = hd.run("show", "libgreet", "greeting=Howdy", "--json");
        assertTrue(id.out().contains("\"id\" : \""), id.out());

        Cli.Result script = hd.run("show", "libgreet", "script");
        assertTrue(script.out().startsWith("# hd build script of libgreet-1.0.0 ("), script.out());
        assertTrue(script.out().contains("printf '#define GREETING \"%s\"\\n' \"Hello\" > config.h"), script.out());

        Cli.Result env = hd.run("show", "hello", "env");
        assertEquals(0, env.code(), env.toString());
        assertTrue(env.out().contains("export ARTIFACT=" + tmp.resolve("store") + "/bld/hello/"), env.out());
        assertTrue(env.err().contains("hello-2.1 is not built"), env.err());
    }

    @Test
    void mistakesSayWhatToDo() {
        Cli.Result typo = hd.run("show", "helo");
        assertEquals(1, typo.code(), typo.toString());
        assertTrue(typo.err().startsWith("hd: no package 'helo' in the stack " + stack + "\n"), typo.err());
        assertTrue(typo.err().contains("hint: did you mean 'hello'? 'hd resolve' lists the stack's packages"), typo.err());

        Cli.Result log = hd.run("show", "hello", "log");
        assertEquals(1, log.code(), log.toString());
        assertTrue(log.err().contains("never built"), log.err());
        assertTrue(log.err().contains("hint: build it with 'hd build'"), log.err());

        Cli.Result what = hd.run("show", "hello", "scrpit");
        assertEquals(2, what.code(), what.toString());
        assertTrue(what.err().contains("(did you mean 'script'?)"), what.err());
        assertTrue(what.err().contains("hint: see 'hd help show'"), what.err());
    }
}
