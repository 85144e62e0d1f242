package dev.hd.cli;

import dev.hd.builder.source.FetchListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders fetch progress on standard error: one line redrawn in place on a terminal, nothing
 * on a pipe or log, with {@code NO_COLOR} or {@code --quiet} (where only results matter). With {@code -v}, places that were tried and
 * skipped are listed.
 */
final class FetchProgress implements FetchListener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean redraw;
    private final boolean verbose;
    private long lastDraw;
    private boolean drawn;

    FetchProgress(Main main) {
        CliContext ctx = main.ctx();
        this.err = ctx.err();
        // a terminal that takes escape codes (not NO_COLOR, not TERM=dumb), and no --quiet
        this.redraw = ctx.color() && !main.quiet();
        this.verbose = main.verbose() && !main.quiet();
    }

    @Override
    public synchronized void started(String url, long total) {
        draw(url, 0, total, true);
    }

    @Override
    public synchronized void progress(String url, long bytes, long total) {
        draw(url, bytes, total, false);
    }

    @Override
    public synchronized void done(String url) {
        clear();
    }

    @Override
    public synchronized void skipped(String url, String reason) {
        if (verbose) {
            clear();
            err.println("  skipped " + url + ": " + reason);
            err.flush();
        }
    }

    private void draw(String url, long bytes, long total, boolean force) {
        if (!redraw) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String name = url.substring(url.lastIndexOf('/') + 1);
        String amount = total > 0 ? size(bytes) + " / " + size(total) + String.format(Locale.ROOT, " (%d%%)", bytes * 100 / total)
                : size(bytes);
        err.print("\r\033[Kfetching " + name + "  " + amount);
        err.flush();
        drawn = true;
    }

    private void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    /** A byte count for people: 512 B, 1.5 KB, 12.3 MB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
