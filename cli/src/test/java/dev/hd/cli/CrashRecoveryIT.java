package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hd killed with SIGKILL in the middle of a build: nothing half-done is visible, the next run recovers. */
class CrashRecoveryIT {
    @TempDir
    Path tmp;

    @Test
    void aBuildKilledMidWayLeavesNoHalfArtifactAndTheNextBuildSucceeds() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path flags = Files.createDirectories(tmp.resolve("flags"));
        Path store = tmp.resolve("store");
        Path stack = Files.createDirectories(tmp.resolve("stack/pkgs"));
        Files.writeString(tmp.resolve("stack/stack.yaml"), "packages:\n  top:\n");
        Files.writeString(stack.resolve("first.yaml"), "build_stages:\n  - name: build\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/bin\"; echo first >> " + flags + "/count\n");
        // the first time, slow writes half its output, then hangs until hd is killed
        Files.writeString(stack.resolve("slow.yaml"), "dependencies: {build: [first], run: [first]}\n"
                + "build_stages:\n  - name: build\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/lib\"; echo half > \"$ARTIFACT/lib/half-written\"\n"
                + "      if [ ! -e " + flags + "/released ]; then echo $$ > " + flags + "/pid; touch " + flags
                + "/started; sleep 600; fi\n"
                + "      rm \"$ARTIFACT/lib/half-written\"; echo done > \"$ARTIFACT/lib/slow.txt\"; echo slow >> " + flags + "/count\n");
        Files.writeString(stack.resolve("top.yaml"), "dependencies: {build: [slow], run: [slow]}\n"
                + "build_stages:\n  - name: build\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/bin\"; printf '#!/bin/sh\\necho top runs\\n' > \"$ARTIFACT/bin/top\";"
                + " chmod +x \"$ARTIFACT/bin/top\"; echo top >> " + flags + "/count\n");

        Process hd = CliHarness.process(tmp, home, "--store", store.toString(), "build", "stack")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("first-run.txt").toFile()).start();
        CliHarness.awaitFile(flags.resolve("started"), hd);
        hd.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        hd.waitFor();
        long buildPid = Long.parseLong(Files.readString(flags.resolve("pid")).trim());
        // the build's process group dies with hd (its watchdog sees hd's end of the pipe close)
        ProcessHandle.of(buildPid).ifPresent(h -> h.onExit().join());

        Path slowArtifacts = store.resolve("bld/slow");
        List<Path> slow = list(slowArtifacts);
        assertEquals(1, slow.size());
        assertTrue(Files.exists(slow.get(0).resolve("lib/half-written")), "the killed build had started writing");
        assertFalse(Files.exists(slow.get(0).resolve(".hd/artifact.json")), "but its artifact is not complete");
        assertFalse(Files.exists(tmp.resolve("stack/.hd/profile")), "and no profile points at it");
        assertEquals(List.of("first"), Files.readAllLines(flags.resolve("count")));

        Files.createFile(flags.resolve("released"));
        Process again = CliHarness.process(tmp, home, "--store", store.toString(), "build", "stack")
                .redirectErrorStream(true).start();
        String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(again.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), out);
        assertTrue(out.contains("building slow ") && out.contains("building top ") && !out.contains("building first"), out);
        assertEquals(List.of("first", "slow", "top"), Files.readAllLines(flags.resolve("count")), "first was not rebuilt");
        assertEquals(slow, list(slowArtifacts), "the same artifact id, rebuilt in place");
        assertFalse(Files.exists(slow.get(0).resolve("lib/half-written")), "the killed build's debris is gone");
        assertTrue(Files.exists(slow.get(0).resolve(".hd/artifact.json")));
        try (Stream<Path> s = Files.list(store.resolve("tmp"))) {
            assertEquals(List.of(), s.toList(), "no build directory left in tmp/");
        }
        Process top = new ProcessBuilder(tmp.resolve("stack/.hd/profile/bin/top").toString()).redirectErrorStream(true).start();
        assertEquals("top runs\n", new String(top.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
