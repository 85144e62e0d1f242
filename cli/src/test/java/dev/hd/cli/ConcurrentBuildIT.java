package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code hd build} processes on one store at once: both succeed, each artifact is built once. */
class ConcurrentBuildIT {
    @TempDir
    Path tmp;

    @Test
    void twoProcessesShareTheWork() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path flags = Files.createDirectories(tmp.resolve("flags"));
        Path store = tmp.resolve("store");
        Path pkgs = Files.createDirectories(tmp.resolve("stack/pkgs"));
        Files.writeString(tmp.resolve("stack/stack.yaml"), "packages:\n  z:\n");
        String count = "echo %s >> " + flags + "/count";
        // gate holds its lock until the test lets it go: by then the second hd is waiting for it
        Files.writeString(pkgs.resolve("gate.yaml"), "build_stages:\n  - name: build\n    bash: |\n"
                + "      touch " + flags + "/gate-started\n"
                + "      while [ ! -e " + flags + "/go ]; do sleep 0.05; done\n"
                + "      " + String.format(count, "gate") + "\n");
        for (String mid : List.of("x", "y")) {
            Files.writeString(pkgs.resolve(mid + ".yaml"), "dependencies: {build: [gate], run: [gate]}\n"
                    + "build_stages:\n  - name: build\n    bash: " + String.format(count, mid) + "\n");
        }
        Files.writeString(pkgs.resolve("z.yaml"), "dependencies: {build: [x, y], run: [x, y]}\n"
                + "build_stages:\n  - name: build\n    bash: |\n      mkdir -p \"$ARTIFACT/bin\"; touch \"$ARTIFACT/bin/z\"\n      "
                + String.format(count, "z") + "\n");

        Process first = CliHarness.process(tmp, home, "--store", store.toString(), "build", "stack").redirectErrorStream(true).start();
        CompletableFuture<String> firstOut = CompletableFuture.supplyAsync(() -> readAll(first));
        CliHarness.awaitFile(flags.resolve("gate-started"), first);

        Process second = CliHarness.process(tmp, home, "--store", store.toString(), "build", "stack").redirectErrorStream(true).start();
        CountDownLatch secondWaits = new CountDownLatch(1);
        StringBuilder secondOut = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (secondOut) {
                        secondOut.append(line).append('\n');
                    }
                    if (line.contains("waiting for another hd process building gate")) {
                        secondWaits.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        boolean waited = secondWaits.await(300, TimeUnit.SECONDS);
        Files.createFile(flags.resolve("go"));
        assertTrue(first.waitFor(300, TimeUnit.SECONDS) && second.waitFor(300, TimeUnit.SECONDS));
        reader.join();
        String out1 = firstOut.get();
        assertTrue(waited, "the second hd should wait for the first one's gate build:\n" + secondOut);
        assertEquals(0, first.exitValue(), out1);
        assertEquals(0, second.exitValue(), secondOut.toString());
        assertTrue(secondOut.toString().contains("gate was built meanwhile by another hd process"), secondOut.toString());

        List<String> builds = Files.readAllLines(flags.resolve("count"));
        assertEquals(List.of("gate", "x", "y", "z"), builds.stream().sorted().toList(), "each artifact built exactly once");
        assertTrue(Files.exists(tmp.resolve("stack/.hd/profile/bin/z")), "the profile link was switched");
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
