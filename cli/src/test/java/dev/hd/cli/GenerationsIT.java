package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hd log, rollback, pin, unpin, gc and verify on real builds, through the command line. */
class GenerationsIT {
    @TempDir
    Path tmp;
    Path store;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        store = tmp.resolve("store");
        cli = new Cli(tmp, store);
        stack("one", "uno");
        stack("two", "dos");
    }

    /** A stack of a shared package and a program printing {@code {{word}}} (a parameter, default {@code word}). */
    private void stack(String dir, String word) throws Exception {
        Path pkgs = Files.createDirectories(tmp.resolve(dir).resolve("pkgs"));
        Files.writeString(tmp.resolve(dir).resolve("stack.yaml"), "parameters:\n  word: " + word + "\npackages:\n  "
                + dir + "-prog:\n");
        Files.writeString(pkgs.resolve("common.yaml"), "build_stages:\n  - name: b\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/share\"; echo common > \"$ARTIFACT/share/common.txt\"\n");
        Files.writeString(pkgs.resolve(dir + "-prog.yaml"), "dependencies: {build: [common], run: [common]}\n"
                + "build_stages:\n  - name: b\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/bin\"; printf '#!/bin/sh\\necho {{word}}\\n' > \"$ARTIFACT/bin/prog\";"
                + " chmod +x \"$ARTIFACT/bin/prog\"\n");
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r);
        return r;
    }

    private static String run(Path program) throws Exception {
        Process p = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out.strip();
    }

    /** Moves every recorded use (generation lines, profile activation times) back by {@code by}. */
    private void backdate(Duration by) throws Exception {
        try (Stream<Path> logs = Files.list(store.resolve("generations"))) {
            for (Path log : logs.toList()) {
                StringBuilder sb = new StringBuilder();
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    int sp = line.indexOf(' ');
                    sb.append(Long.parseLong(line.substring(0, sp)) - by.toSeconds()).append(line.substring(sp)).append('\n');
                }
                Files.writeString(log, sb.toString(), StandardCharsets.UTF_8);
            }
        }
        try (Stream<Path> profiles = Files.list(store.resolve("profiles"))) {
            for (Path p : profiles.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Files.getLastModifiedTime(p).toInstant().minus(by)));
            }
        }
    }

    private long profileCount() throws Exception {
        try (Stream<Path> s = Files.list(store.resolve("profiles"))) {
            return s.count();
        }
    }

    @Test
    void gcAfterSwitchingBetweenTwoStacksKeepsTheActiveAndThePinnedAndFreesTheRest() throws Exception {
        Files.createDirectories(store);
        Files.writeString(store.resolve("config"), "gc.keep-generations = 0\n");
        Path env = tmp.resolve("env/profile");
        ok("build", "one", "--link", env.toString(), "word=first");
        ok("build", "one", "--link", env.toString());
        ok("pin", "--link", env.toString());
        ok("build", "two", "--link", env.toString());
        assertEquals("dos", run(env.resolve("bin/prog")));
        assertEquals(3, profileCount());

        Cli.Result dry = ok("gc", "--dry-run");
        assertTrue(dry.out().contains("Would remove:"), dry.out());
        assertTrue(dry.out().matches("(?s).*artifact +[0-9.]+ (B|KB)  one-prog [a-z2-7]{12}\\n.*"), dry.out());
        assertTrue(dry.out().contains("Would free "), dry.out());
        assertEquals(3, profileCount(), "a dry run removes nothing");

        Cli.Result gc = ok("gc");
        assertTrue(gc.out().contains("removed profile "), gc.out());
        assertTrue(gc.out().contains("Freed "), gc.out());
        assertTrue(gc.out().contains("(roots: 1 link, 1 pin)"), gc.out());
        assertEquals(2, profileCount(), "the active and the pinned profile stay");
        assertEquals("dos", run(env.resolve("bin/prog")));

        Cli.Result log = ok("log", "--link", env.toString());
        assertTrue(log.out().matches("(?s).*  1  \\S+ \\S+  [a-z2-7]{12}  dir \\S+/one word=first  \\(collected\\)\\n.*"), log.out());
        assertTrue(log.out().contains("* 3  "), log.out());

        Cli.Result back = ok("rollback", "--link", env.toString());
        assertTrue(back.out().contains("to generation 2 (dir " + tmp.resolve("one") + ")"), back.out());
        assertEquals("uno", run(env.resolve("bin/prog")), "the pinned profile is whole");
        Cli.Result gone = cli.run("rollback", "--link", env.toString(), "1");
        assertEquals(1, gone.code(), gone.toString());
        assertTrue(gone.err().contains("hd gc removed its profile"), gone.err());
        assertTrue(gone.err().contains("hint: rebuild it with: hd build " + tmp.resolve("one") + " word=first"), gone.err());

        Cli.Result verify = ok("verify");
        assertTrue(verify.out().contains("The store is consistent."), verify.out());
    }

    @Test
    void rollbackReadsNoSpecAndBuildsNothing() throws Exception {
        ok("build", "one");
        ok("build", "one", "word=again");
        assertEquals("again", run(tmp.resolve("one/.hd/profile/bin/prog")));
        Files.writeString(tmp.resolve("one/stack.yaml"), "packages: [this is: not valid\n");
        int resolutions = StackBuild.RESOLUTIONS.get();
        Cli.Result r = ok("rollback", "one");
        assertTrue(r.out().startsWith("Rolled back " + tmp.resolve("one/.hd/profile") + " to generation 1 "), r.out());
        assertEquals(resolutions, StackBuild.RESOLUTIONS.get(), "no stack was resolved");
        assertEquals("uno", run(tmp.resolve("one/.hd/profile/bin/prog")));

        JsonNode log = CanonicalJson.read(ok("log", "one", "--json").out());
        assertEquals(1, log.path("version").asInt());
        assertEquals(3, log.path("current").asInt());
        assertEquals("rollback 1", log.path("generations").get(2).path("description").asText());
        assertEquals(2, ok("log", "one", "-n", "2").out().lines().count() - 1);
        Cli.Result none = cli.run("rollback", "one");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no older generation"), none.err());
    }

    @Test
    void pinAndUnpinByDirectoryGenerationOrId() throws Exception {
        ok("build", "one");
        ok("build", "one", "word=later");
        Cli.Result pin = ok("pin", "one", "-g", "1");
        String id = pin.out().replaceAll("(?s).*profile ([a-z2-7]{12}) .*", "$1");
        assertTrue(pin.out().startsWith("Pinned profile " + id), pin.out());
        assertTrue(ok("pin", id).out().startsWith("Already pinned:"));
        Cli.Result list = ok("pin", "--list");
        assertTrue(list.out().contains(id + "  2 packages: common, one-prog"), list.out());
        assertEquals(0, ok("unpin", id).code());
        Cli.Result again = cli.run("unpin", id);
        assertEquals(1, again.code());
        assertTrue(again.err().contains("is not pinned"), again.err());
        assertEquals("No pinned profiles.", ok("pin", "--list").out().strip());
        Cli.Result bad = cli.run("pin", "nosuchthing");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("no directory or profile 'nosuchthing'"), bad.err());
    }

    @Test
    void gcJsonAndOlderThan() throws Exception {
        ok("build", "one");
        ok("build", "one", "word=two");
        backdate(Duration.ofSeconds(100)); // both generations were used 100 s ago, not within the same second as the gc
        JsonNode dry = CanonicalJson.read(ok("gc", "--dry-run", "--json", "--older-than", "50s").out());
        assertEquals(1, dry.path("version").asInt());
        assertTrue(dry.path("dry_run").asBoolean());
        assertTrue(dry.path("removed").size() >= 2, dry.toString());
        assertEquals("generation", dry.path("not_kept").get(0).path("kind").asText());
        Cli.Result usage = cli.run("gc", "--older-than", "30 days");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("like 30d"), usage.err());
        ok("gc", "--older-than", "50s");
        assertEquals(1, profileCount(), "only the current profile is left");
        assertEquals("two", run(tmp.resolve("one/.hd/profile/bin/prog")));
    }

    @Test
    void verifyChecksTheExampleStacksElfFilesAndFindsALibraryThatOnlyWorkedAtBuildTime() throws Exception {
        Path examples = tmp.resolve("examples");
        CliHarness.copyTree(CliHarness.examples(), examples);
        ok("build", "examples");
        JsonNode v = CanonicalJson.read(ok("verify", "--json").out());
        assertTrue(v.path("consistent").asBoolean(), v.toString());
        assertTrue(v.path("checked").path("elf_files").asInt() >= 3, v.toString());

        // a program linked against a library in its build directory, with an rpath there
        Path bad = Files.createDirectories(tmp.resolve("bad/pkgs"));
        Files.writeString(tmp.resolve("bad/stack.yaml"), "packages:\n  sloppy:\n");
        Files.writeString(bad.resolve("sloppy.yaml"), "build_stages:\n  - name: b\n    bash: |\n"
                + "      printf 'int f(void){return 0;}\\n' > f.c\n"
                + "      printf 'int f(void); int main(void){return f();}\\n' > m.c\n"
                + "      gcc -shared -fPIC -o libf.so f.c\n"
                + "      mkdir -p \"$ARTIFACT/bin\"\n"
                + "      gcc -o \"$ARTIFACT/bin/sloppy\" m.c -L\"$PWD\" -lf -Wl,-rpath,\"$PWD\"\n");
        ok("build", "bad");
        Cli.Result r = cli.run("verify");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("unsound   "), r.out());
        assertTrue(r.out().contains("bin/sloppy: its library search path has "), r.out());
        assertTrue(r.out().contains("a build directory in the store's tmp/"), r.out());
        assertTrue(r.out().contains("libf.so, which is found nowhere"), r.out());
        assertTrue(r.err().contains("(0 damaged, 2 unsound)"), r.err());
        assertFalse(r.out().contains("hello"), "the example stack's programs are sound: " + r.out());
    }

    @Test
    void verifyRepairRemovesWhatAKilledBuildLeft() throws Exception {
        ok("build", "one");
        Path debris = Files.createDirectories(store.resolve("tmp/build-" + "a".repeat(32)));
        Cli.Result r = ok("verify");
        assertTrue(r.out().contains("leftover  " + debris + ": the build directory of an interrupted build"), r.out());
        assertTrue(r.out().contains("1 leftover of interrupted runs"), r.out());
        Cli.Result fixed = ok("verify", "--repair");
        assertTrue(fixed.out().contains("Repaired (removed):"), fixed.out());
        assertFalse(Files.exists(debris));
        assertEquals(List.of(), CanonicalJson.read(ok("verify", "--json").out()).path("findings").findValues("path"));
    }
}
