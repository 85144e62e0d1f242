package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.builder.BuildReasons;
import dev.hd.builder.Store;
import dev.hd.resolver.MapSpecSource;
import dev.hd.resolver.ResolveOptions;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live build view, driven by hand with a fake clock: what it draws and how it erases it. */
class TtyBuildViewTest {
    static final String ESC = "\u001B[";

    @TempDir
    Path tmp;
    ResolvedStack stack;
    ResolvedPackage a;
    ResolvedPackage b;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    @BeforeEach
    void setUp() throws Exception {
        stack = Resolver.resolve(new MapSpecSource("t")
                .put("stack.yaml", "packages:\n  a:\n  b:\n")
                .put("pkgs/a.yaml", "version: '1.0'\nbuild_stages:\n  - {name: build, bash: 'true'}\n")
                .put("pkgs/b.yaml", "version: '2.0'\nbuild_stages:\n  - {name: build, bash: 'true'}\n"),
                ResolveOptions.defaults());
        a = stack.get("a");
        b = stack.get("b");
    }

    private TtyBuildView view(Map<String, Long> history, int width) {
        return new TtyBuildView(new PrintWriter(out), new PrintWriter(err), new BuildReasons(new Store(tmp), Map.of()),
                false, 2, () -> width, n -> history.containsKey(n) ? OptionalLong.of(history.get(n)) : OptionalLong.empty(),
                nanos::get, false);
    }

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    /** What the screen shows now: the output with every redraw applied. */
    static List<String> screen(String output) {
        List<String> rows = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < output.length()) {
            char c = output.charAt(i);
            if (output.startsWith(ESC, i)) {
                int j = i + ESC.length();
                while (!Character.isLetter(output.charAt(j))) {
                    j++;
                }
                String arg = output.substring(i + ESC.length(), j);
                char cmd = output.charAt(j);
                if (cmd == 'A') {
                    int n = Integer.parseInt(arg);
                    for (int k = 0; k < n; k++) {
                        rows.remove(rows.size() - 1);
                    }
                } else if (cmd != 'J') {
                    throw new AssertionError("unexpected escape " + arg + cmd);
                }
                i = j + 1;
            } else if (c == '\n') {
                rows.add(line.toString());
                line.setLength(0);
                i++;
            } else if (c == '\r') {
                i++;
            } else {
                line.append(c);
                i++;
            }
        }
        assertEquals("", line.toString(), "the cursor ends at the start of a line");
        return rows;
    }

    @Test
    void drawsBuildsInFlightWithStageTimeLastLineAndAnEstimate() {
        TtyBuildView v = view(Map.of("a", 10_000L, "b", 4_000L), 80);
        v.planned(2, List.of(a, b));
        v.started(a);
        v.stage(a, "build");
        advance(3_000);
        v.logLine(a, "\u001B[1mgcc -O2 -c a.c\u001B[0m\tdone");
        v.tick();
        List<String> s = screen(out.toString());
        assertEquals("[1/2] building a-1.0 " + a.id().shortForm() + " (new)", s.get(0));
        // work left: 7s of a and 4s of b over 2 jobs, but a alone needs 7s more
        assertEquals("0 of 2 built, 1 running, 3.0s, about 7.0s left", s.get(1));
        assertEquals("  a-1.0  build  3.0s (last 10s)  gcc -O2 -c a.c done", s.get(2));
        assertEquals(3, s.size(), s.toString());
        String drawn = out.toString();
        v.tick();
        assertEquals(drawn, out.toString(), "nothing changed: nothing redrawn");

        v.finished(a, 3000);
        v.started(b);
        v.download(b, "https://example.org/src/b-2.0.tar.gz", 512, 2048);
        advance(1_000);
        v.tick();
        s = screen(out.toString());
        assertEquals("[2/2] building b-2.0 " + b.id().shortForm() + " (new)", s.get(1));
        assertEquals("1 of 2 built, 1 running, 4.0s, about 3.0s left", s.get(2));
        assertEquals("  b-2.0    1.0s (last 4.0s)  fetching b-2.0.tar.gz  512 B / 2.0 KB (25%)", s.get(3));

        v.finished(b, 1000);
        v.close();
        s = screen(out.toString());
        assertEquals(2, s.size(), "closing erases the live rows, the plain lines stay: " + s);
        String before = out.toString();
        advance(5_000);
        v.tick();
        assertEquals(before, out.toString(), "nothing is drawn after close");
        assertEquals("", err.toString());
    }

    @Test
    void withoutEarlierBuildTimesThereIsNoEstimate() {
        Map<String, Long> history = new HashMap<>();
        history.put("a", 5_000L);
        TtyBuildView v = view(history, 80);
        v.planned(2, List.of(a, b));
        v.started(a);
        List<String> s = screen(out.toString());
        assertEquals("0 of 2 built, 1 running, 0.0s", s.get(1), "b was never built: no guess");
        v.close();
    }

    @Test
    void rowsAreCutToTheTerminalWidth() {
        TtyBuildView v = view(Map.of(), 30);
        v.planned(2, List.of(a, b));
        v.started(a);
        v.logLine(a, "x".repeat(200));
        v.tick();
        for (String row : screen(out.toString())) {
            if (!row.startsWith("[1/2] building")) {
                assertTrue(row.length() < 30, row);
            }
        }
        v.close();
    }

    @Test
    void failuresGoToStderrAndTheReportComesAfterTheLiveRowsAreGone() {
        TtyBuildView v = view(Map.of(), 80);
        v.planned(1, List.of(a));
        v.started(a);
        v.failed(new dev.hd.builder.BuildFailure(a, "build", "make", 2, List.of("oops"), tmp.resolve("a.log")));
        assertTrue(err.toString().contains("hd: a-1.0 failed in stage build"), err.toString());
        assertTrue(screen(out.toString()).get(1).startsWith("0 of 1 built, 1 failed, 0 running"), out.toString());
        v.report(new dev.hd.builder.BuildResult(List.of(), List.of(), List.of(
                new dev.hd.builder.BuildFailure(a, "build", "make", 2, List.of("oops"), tmp.resolve("a.log"))), List.of()));
        assertEquals(1, screen(out.toString()).size(), "only the plain line is left: " + out);
        assertTrue(err.toString().contains("    | oops"), err.toString());
    }

    @Test
    void buildOutputIsMadeSafeToDraw() {
        assertEquals("30%", TtyBuildView.clean("10%\r20%\r30%"));
        assertEquals("compiling x.c", TtyBuildView.clean("\u001B[32mcompiling\u001B[0m x.c\r"));
        assertEquals("a b", TtyBuildView.clean("a\u0007b"));
        assertEquals("1h02m", TtyBuildView.duration(3_725_000));
        assertEquals("3m05s", TtyBuildView.duration(185_000));
        assertEquals("42s", TtyBuildView.duration(42_300));
        assertEquals("0.4s", TtyBuildView.duration(420));
    }

    @Test
    void theLiveViewIsOnlyForTerminalsThatTakeEscapeCodes() {
        assertInstanceOf(TtyBuildView.class, viewFor(Map.of(), false));
        assertInstanceOf(PlainBuildView.class, viewFor(Map.of("NO_COLOR", "1"), false));
        assertInstanceOf(PlainBuildView.class, viewFor(Map.of("TERM", "dumb"), false));
        assertInstanceOf(PlainBuildView.class, viewFor(Map.of(), true), "--quiet");
        CliContext pipe = new CliContext(tmp, Map.of("COLUMNS", "80"), new PrintWriter(out), new PrintWriter(err), false);
        Main m = new Main(pipe);
        assertInstanceOf(PlainBuildView.class, BuildView.of(m, new BuildReasons(new Store(tmp), Map.of()), 1));
        assertFalse(out.toString().contains(ESC));
    }

    private BuildView viewFor(Map<String, String> extraEnv, boolean quiet) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("COLUMNS", "80");
        env.put("HD_STORE", tmp.resolve("store").toString());
        CliContext ctx = new CliContext(tmp, env, new PrintWriter(out), new PrintWriter(err), true);
        Main m = new Main(ctx);
        m.quiet = quiet;
        BuildView v = BuildView.of(m, new BuildReasons(new Store(tmp), Map.of()), 1);
        v.close();
        return v;
    }
}
