package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety by fault injection: again and again, start {@code hd build}, a link switch,
 * {@code hd rollback} or {@code hd gc} as its own process, SIGKILL it at a random moment, then
 * check that {@code hd verify} finds nothing but leftovers, that the profile link points at a
 * complete profile, and that the next {@code hd build} succeeds and its program runs.
 *
 * <p>{@code -Dhd.faults=N} sets the number of iterations (default 50, as in CI; the stress
 * suite runs more), {@code -Dhd.faults.seed=S} replays a run. The moment of each kill is drawn
 * from the time the operation takes when not killed (measured once per kind before the loop):
 * three in four after the JVM's start-up (measured too), where hd writes, the others anywhere. The summary line is
 * printed and written to {@code target/fault-injection.txt} (docs/reliability.md reports it).
 */
class FaultInjectionIT {
    private static final int ITERATIONS = Integer.getInteger("hd.faults", 50);

    private enum Op { BUILD, SWITCH, ROLLBACK, GC }

    @TempDir
    Path tmp;

    private Path home;
    private Path store;
    private Path stack;
    private Cli cli;

    @Test
    void killedAtRandomMomentsTheStoreStaysConsistentAndTheNextBuildWorks() throws Exception {
        long seed = Long.getLong("hd.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        home = Files.createDirectories(tmp.resolve("home"));
        store = tmp.resolve("store");
        stack = tmp.resolve("stack");
        writeStack();
        Files.createDirectories(store);
        Files.writeString(store.resolve("config"), "gc.keep-generations = 2\n");
        cli = new Cli(tmp, store).env("HOME", home.toString());
        build(0);

        // how long the JVM takes to start, and each operation when nothing kills it
        long t00 = System.nanoTime();
        assertTrue(start(List.of("--version")).waitFor(300, TimeUnit.SECONDS));
        long startup = (System.nanoTime() - t00) / 1_000_000;
        Map<Op, Long> millis = new EnumMap<>(Op.class);
        int built = 1;
        for (Op op : Op.values()) {
            long t0 = System.nanoTime();
            Process p = start(args(op, built, random));
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), op + " did not finish");
            millis.put(op, Math.max(1, (System.nanoTime() - t0) / 1_000_000));
            if (op == Op.BUILD) {
                built++;
            }
        }

        int killed = 0;
        int finished = 0;
        int withLeftovers = 0;
        List<String> failures = new ArrayList<>();
        Map<Op, Integer> perOp = new EnumMap<>(Op.class);
        java.util.Set<String> seen = new java.util.HashSet<>(); // leftovers found so far (GC removes them later)
        for (int i = 1; i <= ITERATIONS; i++) {
            Op op = Op.values()[random.nextInt(Op.values().length)];
            perOp.merge(op, 1, Integer::sum);
            List<String> a = args(op, built, random);
            // three kills in four land after start-up, where hd writes; the rest anywhere
            long from = random.nextInt(4) == 0 ? 0 : Math.min(startup * 8 / 10, millis.get(op));
            long delay = from + (long) (random.nextDouble() * (millis.get(op) - from));
            Process p = start(a);
            boolean wasKilled = false;
            if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                finished++;
            } else {
                wasKilled = true;
                p.destroyForcibly(); // SIGKILL
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                killed++;
            }
            String where = "iteration " + i + " (seed " + seed + "): hd " + String.join(" ", a) + " killed after " + delay + " ms";
            awaitNoProcessIn(store);

            Cli.Result v = cli.run("verify", "--json");
            JsonNode doc = CanonicalJson.read(v.out());
            boolean leftovers = false;
            for (JsonNode f : doc.path("findings")) {
                if (f.path("severity").asText().equals("leftover")) {
                    leftovers |= seen.add(f.path("path").asText());
                } else {
                    failures.add(where + ": hd verify: " + f.path("severity").asText() + " " + f.path("path").asText()
                            + ": " + f.path("problem").asText());
                }
            }
            if (leftovers && !wasKilled) {
                failures.add(where + ": it finished, yet left " + doc.path("findings"));
            } else if (leftovers) {
                withLeftovers++;
            }
            if (v.code() != 0 && doc.path("consistent").asBoolean()) {
                failures.add(where + ": hd verify exited " + v.code() + ":\n" + v);
            }
            String link = linkProblem();
            if (link != null) {
                failures.add(where + ": " + link);
            }
            Cli.Result b = cli.run("build", "stack", "n=" + built, "-j", "2");
            if (b.code() != 0) {
                failures.add(where + ": the next hd build failed:\n" + b);
            } else {
                String ran = runTop();
                if (!ran.equals("top " + built + "\n")) {
                    failures.add(where + ": the profile's program printed '" + ran + "'");
                }
            }
            built++;
            if (failures.size() > 5) {
                break;
            }
        }
        String summary = "fault injection: " + ITERATIONS + " iterations " + perOp + ", " + killed + " killed mid-run, "
                + finished + " finished first, " + withLeftovers + " kills left new leftovers, " + failures.size()
                + " inconsistencies (seed " + seed + ", start-up " + startup + " ms, undisturbed ms " + millis + ")";
        System.out.println(summary);
        Files.writeString(Path.of("target").resolve("fault-injection.txt"), summary + "\n", StandardCharsets.UTF_8);
        assertEquals(List.of(), failures);
        assertTrue(killed > 0, summary);

        // and everything the loop left is collectable, after which the store is still whole
        assertEquals(0, cli.run("verify", "--repair").code());
        Cli.Result gc = cli.run("gc", "--older-than", "0s", "--sources");
        assertEquals(0, gc.code(), gc.toString());
        Cli.Result after = cli.run("verify", "--json");
        assertEquals(0, after.code(), after.toString());
        assertEquals(0, CanonicalJson.read(after.out()).path("findings").size(), after.out());
        assertEquals("top " + (built - 1) + "\n", runTop());
    }

    private List<String> args(Op op, int built, Random random) {
        List<String> a = new ArrayList<>(List.of("--store", store.toString()));
        switch (op) {
            case BUILD -> a.addAll(List.of("build", "stack", "n=" + built, "-j", "2"));
            case SWITCH -> a.addAll(List.of("build", "stack", "n=" + random.nextInt(built), "-j", "2"));
            case ROLLBACK -> {
                a.addAll(List.of("rollback", "stack"));
                if (random.nextBoolean()) {
                    a.add(String.valueOf(1 + random.nextInt(built)));
                }
            }
            case GC -> {
                a.add("gc");
                if (random.nextInt(3) == 0) {
                    a.addAll(List.of("--older-than", "0s", "--sources"));
                }
            }
            default -> throw new IllegalStateException();
        }
        return a;
    }

    private Process start(List<String> args) throws IOException {
        return CliHarness.process(tmp, home, args.toArray(new String[0]))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void build(int n) {
        Cli.Result r = cli.run("build", "stack", "n=" + n);
        assertEquals(0, r.code(), r.toString());
    }

    /** A stack of two shell packages with enough files that publishing and linking take a while. */
    private void writeStack() throws IOException {
        Path pkgs = Files.createDirectories(stack.resolve("pkgs"));
        Files.writeString(stack.resolve("stack.yaml"), "parameters:\n  n: '0'\npackages:\n  top:\n");
        Files.writeString(pkgs.resolve("base.yaml"), "build_stages:\n  - name: build\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/share/base\" \"$ARTIFACT/lib\"\n"
                + "      for i in $(seq 1 60); do echo \"base $i\" > \"$ARTIFACT/share/base/f$i.txt\"; done\n"
                + "      echo lib > \"$ARTIFACT/lib/libbase.txt\"\n");
        Files.writeString(pkgs.resolve("top.yaml"), "dependencies: {build: [base], run: [base]}\n"
                + "build_stages:\n  - name: build\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/bin\" \"$ARTIFACT/share/top\"\n"
                + "      for i in $(seq 1 80); do echo \"top {{n}} $i\" > \"$ARTIFACT/share/top/f$i.txt\"; done\n"
                + "      printf '#!/bin/sh\\necho top {{n}}\\n' > \"$ARTIFACT/bin/top\"\n"
                + "      chmod +x \"$ARTIFACT/bin/top\"\n");
    }

    /** What is wrong with the profile link, or null: it must point at a complete profile. */
    private String linkProblem() throws IOException {
        Path link = stack.resolve(".hd/profile");
        if (!Files.isSymbolicLink(link)) {
            return link + " is not a symlink";
        }
        Path profile = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        Path info = profile.resolve(".hd-profile.json");
        if (!Files.isRegularFile(info)) {
            return link + " points at " + profile + ", which has no .hd-profile.json";
        }
        for (JsonNode a : CanonicalJson.read(Files.readString(info)).path("artifacts")) {
            Path art = Path.of(a.path("path").asText());
            if (!Files.isRegularFile(art.resolve(".hd/artifact.json"))) {
                return link + " -> " + profile + " uses " + art + ", which is not complete";
            }
        }
        try (Stream<Path> s = Files.walk(profile)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                    return link + " -> " + profile + " has the broken link " + p;
                }
            }
        }
        return null;
    }

    private String runTop() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(stack.resolve(".hd/profile/bin/top").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /**
     * Waits until no process works inside the store (the build scripts of a killed hd die with
     * their watchdog, a moment after hd), so the checks see the store at rest.
     */
    static void awaitNoProcessIn(Path store) throws IOException, InterruptedException {
        Path real = store.toRealPath();
        for (int i = 0; i < 3000; i++) {
            boolean busy = false;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path p : ds) {
                    try {
                        if (Files.readSymbolicLink(p.resolve("cwd")).startsWith(real)) {
                            busy = true;
                            break;
                        }
                    } catch (IOException e) {
                        // gone, a zombie, or not ours
                    }
                }
            }
            if (!busy) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("processes still work in " + store);
    }
}
