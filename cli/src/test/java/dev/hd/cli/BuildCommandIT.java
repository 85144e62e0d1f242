package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hd build} and {@code hd env} on the example stack, in-process, with real gcc builds. */
class BuildCommandIT {
    @TempDir
    Path tmp;
    Path home;
    Path stack;
    String store;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        stack = tmp.resolve("stack");
        CliHarness.copyTree(CliHarness.examples(), stack);
        Files.createDirectories(stack.resolve(".git/info"));
        Files.writeString(stack.resolve(".git/info/exclude"), "# git's own comment\n*.o");
        store = tmp.resolve("store").toString();
    }

    private static String runProgram(Path exe, String arg) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), arg).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void buildsSaysWhySwitchesTheProfileAndThenHasNothingToDo() throws Exception {
        CliHarness.Result r = CliHarness.run(tmp, home, "--store", store, "build", "stack", "-j", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("building libgreet-1.0.0 ") && r.out().contains(" (new)\n"), r.out());
        assertTrue(r.out().contains("Built 3 packages in "), r.out());
        Path link = stack.resolve(".hd/profile");
        assertTrue(r.out().contains("Profile: " + link + " -> " + store + "/profiles/"), r.out());
        assertEquals("Hello, world!\nHELLO, WORLD!\n", runProgram(link.resolve("bin/hello"), "world"));
        assertEquals(List.of("# git's own comment", "*.o", ".hd/"), Files.readAllLines(stack.resolve(".git/info/exclude")));
        assertFalse(Files.exists(home.resolve(".hd")), "the user's default store is never touched");

        CliHarness.Result again = CliHarness.run(tmp, home, "--store", store, "build", "stack");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().startsWith("Nothing to build: 3 packages up to date.\nProfile: " + link), again.out());
        assertEquals(List.of("# git's own comment", "*.o", ".hd/"), Files.readAllLines(stack.resolve(".git/info/exclude")),
                "added once");

        Path shout = stack.resolve("pkgs/libshout.yaml");
        Files.writeString(shout, Files.readString(shout)
                + "build_stages:\n  - name: note\n    after: install\n    bash: echo changed\n");
        CliHarness.Result changed = CliHarness.run(tmp, home, "--store", store, "build", "stack");
        assertEquals(0, changed.code(), changed.toString());
        List<String> lines = changed.out().lines().filter(l -> l.contains("building")).toList();
        assertEquals(2, lines.size(), changed.out());
        assertTrue(lines.get(0).contains("libshout-0.3.1") && lines.get(0).endsWith("(changed: stages (note))"), lines.get(0));
        assertTrue(lines.get(1).contains("hello-2.1") && lines.get(1).endsWith("(changed: dependencies (libshout))"),
                lines.get(1));
        assertTrue(changed.out().contains("Built 2 packages in ") && changed.out().contains("(1 up to date)"), changed.out());

        CliHarness.Result env = CliHarness.run(tmp, home, "env", "stack");
        assertEquals(0, env.code(), env.toString());
        assertTrue(env.out().contains("export PATH='" + link + "/bin'\"${PATH:+:$PATH}\"\n"), env.out());
        assertTrue(env.out().contains("export HD_PROFILE='" + link + "'\n"), env.out());
        assertFalse(env.out().contains("LD_LIBRARY_PATH"));
        // the exports work in a real shell: hello is found on PATH and runs
        ProcessBuilder sh = new ProcessBuilder("/bin/bash", "-c", env.out() + "\nhello shell").redirectErrorStream(true);
        sh.environment().clear();
        sh.environment().put("PATH", "/usr/bin:/bin");
        Process p = sh.start();
        assertEquals("Hello, shell!\nHELLO, SHELL!\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, p.waitFor());

        CliHarness.Result fish = CliHarness.run(tmp, home, "env", "stack", "--shell-type", "fish");
        assertTrue(fish.out().contains("set -gx PATH '" + link + "/bin' $PATH\n"), fish.out());
    }

    @Test
    void aFailedBuildExitsOneWithStageCommandLogAndBlockedPackages() throws Exception {
        Path greet = stack.resolve("pkgs/libgreet.yaml");
        Files.writeString(greet, Files.readString(greet)
                + "  - name: check\n    after: install\n    bash: |\n      echo checking the library\n      test -e \"$ARTIFACT/lib/nope.so\"\n");
        CliHarness.Result r = CliHarness.run(tmp, home, "--store", store, "build", "stack");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("hd: building libgreet-1.0.0"), r.err());
        assertTrue(r.err().contains("  stage:   check\n"), r.err());
        assertTrue(r.err().contains("  command: test -e \"$ARTIFACT/lib/nope.so\"\n"), r.err());
        assertTrue(r.err().contains("  exit:    1\n"), r.err());
        assertTrue(r.err().contains("    | checking the library\n"), r.err());
        assertTrue(r.err().contains("  full log: " + store + "/logs/libgreet-"), r.err());
        assertTrue(r.err().contains("  not built because of it: libshout, hello\n"), r.err());
        assertFalse(Files.exists(stack.resolve(".hd/profile")), "no profile after a failure");

        CliHarness.Result env = CliHarness.run(tmp, home, "env", "stack");
        assertEquals(1, env.code());
        assertTrue(env.err().contains("no profile at " + stack.resolve(".hd/profile")), env.err());
    }

    @Test
    void usageErrorsAreClear() {
        CliHarness.Result r = CliHarness.run(tmp, home, "--store", store, "build", "nowhere");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no stack directory " + tmp.resolve("nowhere")), r.err());
        CliHarness.Result j = CliHarness.run(tmp, home, "--store", store, "build", "stack", "-j", "0");
        assertEquals(2, j.code(), j.toString());
        assertTrue(j.err().contains("--jobs must be at least 1"), j.err());
    }
}
