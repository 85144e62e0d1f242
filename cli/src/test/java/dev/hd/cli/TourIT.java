package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tour.md, step by step, with real git and real builds: init, build, a parameter, a
 * branch, checkout back and forth (no builds), the generations, a rollback, gc. When this test
 * needs changing, so does the tour.
 */
class TourIT {
    @TempDir
    Path tmp;

    @Test
    void theTourWorksAsWritten() throws Exception {
        Cli home = new Cli(tmp, tmp.resolve("store"));
        assertOk(home.run("init", "mystack"));
        Path stack = tmp.resolve("mystack");
        Cli hd = new Cli(stack, tmp.resolve("store"));
        GitStack git = new GitStack(stack); // the user and isolated config of this repository

        // 1. a stack of your own
        assertTrue(assertOk(hd.run("build")).out().startsWith("[1/1] building hello-1.0 "));
        assertEquals("Hello, world!\n", assertOk(hd.run("run", "hello")).out());
        git.commit("A new stack");
        assertTrue(assertOk(hd.run("build")).out().startsWith("Nothing to build: 1 package up to date."));

        // 2. change it, rebuild it
        Files.writeString(stack.resolve("stack.yaml"),
                Files.readString(stack.resolve("stack.yaml")).replace("greeting: Hello", "greeting: Hej"));
        assertTrue(assertOk(hd.run("build")).out().contains("building hello-1.0 "));
        assertEquals("Hej, you!\n", assertOk(hd.run("run", "hello", "you")).out());
        assertOk(hd.run("build", "greeting=Howdy"));
        assertEquals("Howdy, you!\n", assertOk(hd.run("run", "hello", "you")).out());
        assertTrue(assertOk(hd.run("build")).out().startsWith("Nothing to build"), "back to Hej: built before");
        git.commit("Hej");

        // 4. branches
        git.git("switch", "-q", "-c", "experiment");
        Files.writeString(stack.resolve("pkgs/hello.yaml"),
                Files.readString(stack.resolve("pkgs/hello.yaml")).replace("version: '1.0'", "version: '1.1'"));
        git.commit("hello 1.1");
        assertTrue(assertOk(hd.run("build")).out().contains("building hello-1.1 "));
        int before = StackBuild.RESOLUTIONS.get();
        Cli.Result toMain = assertOk(hd.run("checkout", "main"));
        assertTrue(toMain.out().contains("Nothing to build"), toMain.out());
        assertEquals("main", git.git("branch", "--show-current").strip());
        assertEquals("1.0", version(stack));
        assertOk(hd.run("checkout", "experiment"));
        assertEquals("1.1", version(stack));
        assertEquals(before, StackBuild.RESOLUTIONS.get(), "checkout between built revisions parses no spec");
        assertOk(hd.run("hooks", "install"));
        git.git("switch", "-q", "main"); // plain git swaps the profile through the hook
        assertEquals("1.0", version(stack));
        assertTrue(assertOk(hd.run("status")).out().contains("main"));

        // 5. back in time, and cleaning up
        Cli.Result log = assertOk(hd.run("log"));
        assertTrue(log.out().lines().count() >= 4, log.out());
        assertOk(hd.run("rollback"));
        assertEquals("1.1", version(stack), "the generation before the hook's switch");
        assertOk(hd.run("gc", "--dry-run"));
        assertOk(hd.run("gc"));
        assertEquals("1.1", version(stack), "gc keeps the active profile");
        assertEquals("Hej, you!\n", assertOk(hd.run("run", "hello", "you")).out());
    }

    /** The version of hello in the active profile, as its build spec in the artifact says. */
    private static String version(Path stack) throws Exception {
        Path hello = stack.resolve(".hd/profile/bin/hello").toRealPath();
        Path artifact = hello.getParent().getParent();
        String spec = Files.readString(artifact.resolve(".hd/build-spec.json"));
        return spec.replaceAll("(?s).*\"version\":\"([^\"]*)\".*", "$1");
    }

    private static Cli.Result assertOk(Cli.Result r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }
}
