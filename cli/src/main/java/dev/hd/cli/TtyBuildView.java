package dev.hd.cli;

import dev.hd.builder.BuildFailure;
import dev.hd.builder.BuildReasons;
import dev.hd.builder.BuildResult;
import dev.hd.resolver.ResolvedPackage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The live build view for a terminal. Above, the same lines as {@link PlainBuildView} scroll
 * by (what starts building and why, failures); below them a few lines are redrawn in place:
 * how many packages are built out of how many, the time so far and, when the store knows how
 * long earlier builds of every remaining package took, an estimate of the time left; then one
 * row per build in flight with its stage, its time (and the earlier build's), and the last
 * line of its output or its download's progress.
 *
 * <p>Redrawing uses three escape sequences only: cursor up ({@code ESC [ n A}), carriage
 * return, and erase to the end of the screen ({@code ESC [ J}). Rows are cut to the
 * terminal's width, so that none wraps and the cursor arithmetic holds. A ticker redraws ten
 * times a second when what the rows say has changed (a time, a line of output).
 */
final class TtyBuildView implements BuildView {
    static final long TICK_MILLIS = 100;
    /** Rows of builds in flight shown at most; the rest are counted. */
    static final int MAX_ROWS = 10;
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-_]");

    /** One build in flight. */
    private static final class Task {
        final ResolvedPackage pkg;
        final long startNanos;
        final Long expectedMillis;
        String stage = "";
        String activity = "";

        Task(ResolvedPackage pkg, long startNanos, Long expectedMillis) {
            this.pkg = pkg;
            this.startNanos = startNanos;
            this.expectedMillis = expectedMillis;
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final StringWriter outBuf = new StringWriter();
    private final StringWriter errBuf = new StringWriter();
    private final PlainBuildView lines;
    private final boolean verbose;
    private final int jobs;
    private final java.util.function.IntSupplier widthSource;
    private int width;
    private final Function<String, OptionalLong> history;
    private final LongSupplier clock;
    private final boolean ticking;
    private final Map<String, Task> running = new LinkedHashMap<>();
    /** Earlier build time of each package still to build (absent: unknown). */
    private final Map<String, Long> expected = new HashMap<>();
    private final Map<String, Boolean> pending = new LinkedHashMap<>();
    private int total;
    private int done;
    private int failed;
    private long startNanos;
    private int drawnRows;
    private List<String> drawn = List.of();
    private boolean closed;
    private ScheduledExecutorService ticker;

    /**
     * @param width   the terminal's width, asked for once, when the first rows are drawn
     * @param history how long the newest earlier build of a package took, by name
     * @param clock   nanoseconds, for elapsed times
     * @param ticking whether a thread redraws ten times a second (tests call {@link #tick} instead)
     */
    TtyBuildView(PrintWriter out, PrintWriter err, BuildReasons reasons, boolean verbose, int jobs,
                 java.util.function.IntSupplier width, Function<String, OptionalLong> history, LongSupplier clock,
                 boolean ticking) {
        this.out = out;
        this.err = err;
        this.lines = new PlainBuildView(new PrintWriter(outBuf), new PrintWriter(errBuf), reasons, false, verbose);
        this.verbose = verbose;
        this.jobs = Math.max(1, jobs);
        this.widthSource = width;
        this.history = history;
        this.clock = clock;
        this.ticking = ticking;
    }

    /** @param width the terminal's width, asked for once, when the first rows are drawn */
    static TtyBuildView start(PrintWriter out, PrintWriter err, BuildReasons reasons, boolean verbose, int jobs,
                              java.util.function.IntSupplier width, Function<String, OptionalLong> history) {
        return new TtyBuildView(out, err, reasons, verbose, jobs, width, history, System::nanoTime, true);
    }

    // ------------------------------------------------------------------ events

    @Override
    public synchronized void planned(int all, List<ResolvedPackage> missing) {
        lines.planned(all, missing);
        total = missing.size();
        startNanos = clock.getAsLong();
        for (ResolvedPackage p : missing) {
            pending.put(p.name(), true);
            OptionalLong ms = history.apply(p.name());
            if (ms.isPresent()) {
                expected.put(p.name(), ms.getAsLong());
            }
        }
        if (total > 0 && ticking && !closed) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hd-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        emit(total > 0);
    }

    @Override
    public synchronized void started(ResolvedPackage pkg) {
        lines.started(pkg);
        running.put(pkg.name(), new Task(pkg, clock.getAsLong(), expected.get(pkg.name())));
        emit(true);
    }

    @Override
    public synchronized void waiting(ResolvedPackage pkg) {
        lines.waiting(pkg);
        Task t = running.get(pkg.name());
        if (t != null) {
            t.activity = "waiting for another hd process";
        }
        emit(true);
    }

    @Override
    public synchronized void reused(ResolvedPackage pkg) {
        lines.reused(pkg);
        end(pkg);
        done++;
        emit(true);
    }

    @Override
    public synchronized void stage(ResolvedPackage pkg, String stage) {
        lines.stage(pkg, stage);
        Task t = running.get(pkg.name());
        if (t != null) {
            t.stage = stage;
            t.activity = "";
        }
        emit(true);
    }

    @Override
    public boolean wantsLogLines() {
        return true;
    }

    @Override
    public synchronized void logLine(ResolvedPackage pkg, String line) {
        if (verbose) {
            lines.logLine(pkg, line);
        }
        Task t = running.get(pkg.name());
        String clean = clean(line);
        if (t != null && !clean.isEmpty()) {
            t.activity = clean;
        }
        if (verbose) {
            emit(false);
        }
    }

    @Override
    public synchronized void download(ResolvedPackage pkg, String url, long bytes, long size) {
        Task t = running.get(pkg.name());
        if (t != null) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            t.activity = "fetching " + name + "  " + FetchProgress.size(bytes)
                    + (size > 0 ? " / " + FetchProgress.size(size) + String.format(Locale.ROOT, " (%d%%)", bytes * 100 / size)
                    : "");
        }
    }

    @Override
    public synchronized void finished(ResolvedPackage pkg, long millis) {
        lines.finished(pkg, millis);
        end(pkg);
        done++;
        emit(true);
    }

    @Override
    public synchronized void failed(BuildFailure f) {
        lines.failed(f);
        end(f.pkg());
        failed++;
        emit(true);
    }

    private void end(ResolvedPackage pkg) {
        running.remove(pkg.name());
        pending.remove(pkg.name());
    }

    @Override
    public synchronized void report(BuildResult r) {
        close();
        lines.report(r);
        emit(false);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        StringBuilder b = new StringBuilder();
        erase(b);
        out.print(b);
        drawnRows = 0;
        out.flush();
        emit(false);
    }

    /** Redraws when what the rows say changed (a time, a line of output); called by the ticker. */
    synchronized void tick() {
        if (closed) {
            return;
        }
        if (!rows().equals(drawn)) {
            emit(true);
        }
    }

    // ------------------------------------------------------------------ drawing

    /** Writes what the plain view produced above the live rows, then (when asked) redraws them. */
    private void emit(boolean redraw) {
        String o = take(outBuf);
        String e = take(errBuf);
        if (o.isEmpty() && e.isEmpty() && (!redraw || closed)) {
            return;
        }
        StringBuilder b = new StringBuilder();
        erase(b);
        drawnRows = 0;
        b.append(o);
        out.print(b);
        out.flush();
        if (!e.isEmpty()) {
            err.print(e);
            err.flush();
        }
        if (!closed) {
            b.setLength(0);
            draw(b);
            out.print(b);
            out.flush();
        }
    }

    private void erase(StringBuilder b) {
        if (drawnRows > 0) {
            b.append("\u001B[").append(drawnRows).append("A\r\u001B[J");
        }
    }

    private void draw(StringBuilder b) {
        List<String> rows = rows();
        for (String r : rows) {
            b.append(r).append('\n');
        }
        drawnRows = rows.size();
        drawn = rows;
    }

    /** The live rows: the summary, then one per build in flight. */
    List<String> rows() {
        long now = clock.getAsLong();
        List<String> rows = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        head.append(done).append(" of ").append(total).append(" built");
        if (failed > 0) {
            head.append(", ").append(failed).append(" failed");
        }
        head.append(", ").append(running.size()).append(" running, ").append(duration(millis(now - startNanos)));
        Long eta = eta(now);
        if (eta != null) {
            head.append(", about ").append(duration(eta)).append(" left");
        }
        rows.add(fit(head.toString()));
        int labelWidth = 0;
        int stageWidth = 0;
        for (Task t : running.values()) {
            labelWidth = Math.max(labelWidth, Math.min(30, t.pkg.label().length()));
            stageWidth = Math.max(stageWidth, Math.min(16, t.stage.length()));
        }
        int shown = 0;
        for (Task t : running.values()) {
            if (shown == MAX_ROWS - 1 && running.size() > MAX_ROWS) {
                rows.add(fit("  ... and " + (running.size() - shown) + " more"));
                break;
            }
            StringBuilder r = new StringBuilder("  ");
            pad(r, t.pkg.label(), labelWidth);
            r.append("  ");
            pad(r, t.stage, stageWidth);
            r.append("  ").append(duration(millis(now - t.startNanos)));
            if (t.expectedMillis != null) {
                r.append(" (last ").append(duration(t.expectedMillis)).append(')');
            }
            if (!t.activity.isEmpty()) {
                r.append("  ").append(t.activity);
            }
            rows.add(fit(r.toString()));
            shown++;
        }
        return rows;
    }

    /**
     * The time left, when every package still to build was built before: the work left (each
     * earlier duration, less what running builds have done) spread over the jobs, but never
     * less than the longest single build still needs (one build is not spread).
     */
    private Long eta(long now) {
        long work = 0;
        long longest = 0;
        for (String name : pending.keySet()) {
            Long exp = expected.get(name);
            if (exp == null) {
                return null;
            }
            Task t = running.get(name);
            long left = t == null ? exp : Math.max(0, exp - millis(now - t.startNanos));
            work += left;
            longest = Math.max(longest, left);
        }
        if (pending.isEmpty()) {
            return null;
        }
        return Math.max(longest, work / jobs);
    }

    private String fit(String row) {
        if (width == 0) {
            width = Math.max(20, widthSource.getAsInt());
        }
        return row.length() < width ? row : row.substring(0, width - 1);
    }

    private static void pad(StringBuilder sb, String s, int w) {
        String cut = s.length() > w ? s.substring(0, w) : s;
        sb.append(cut);
        for (int i = cut.length(); i < w; i++) {
            sb.append(' ');
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L;
    }

    /** 0.4s, 9.9s, 42s, 3m05s, 1h02m. */
    static String duration(long millis) {
        long ms = Math.max(0, millis);
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%d.%ds", ms / 1000, ms / 100 % 10);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }

    /**
     * A line of build output made safe to draw: escape sequences removed, what a carriage
     * return overwrote dropped, tabs and other control characters made spaces, trimmed.
     */
    static String clean(String line) {
        String s = ESCAPES.matcher(line).replaceAll("");
        int cr = s.lastIndexOf('\r', s.length() - 2);
        if (cr >= 0) {
            s = s.substring(cr + 1);
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString().strip();
    }

    private static String take(StringWriter w) {
        StringBuffer sb = w.getBuffer();
        String s = sb.toString();
        sb.setLength(0);
        return s;
    }
}
