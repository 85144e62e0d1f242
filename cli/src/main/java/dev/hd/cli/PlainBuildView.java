package dev.hd.cli;

import dev.hd.builder.BuildFailure;
import dev.hd.builder.BuildReasons;
import dev.hd.builder.BuildResult;
import dev.hd.resolver.ResolvedPackage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a build as plain lines: one per package that starts building, with the reason, and
 * one per source download; with {@code -v} also stages and the build output; at the end the
 * failures in full. No escape codes: what {@code hd build} prints into a pipe or a log file,
 * with {@code --quiet} or {@code NO_COLOR} (on a terminal, {@link TtyBuildView} draws these
 * lines and a live summary below them).
 */
final class PlainBuildView implements BuildView {
    private final PrintWriter out;
    private final PrintWriter err;
    private final BuildReasons reasons;
    private final boolean quiet;
    private final boolean verbose;
    private final Map<String, String> why = new HashMap<>();
    private final Set<String> downloads = new HashSet<>();
    private int toBuild;
    private int startedCount;

    PlainBuildView(PrintWriter out, PrintWriter err, BuildReasons reasons, boolean quiet, boolean verbose) {
        this.out = out;
        this.err = err;
        this.reasons = reasons;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    @Override
    public synchronized void planned(int total, List<ResolvedPackage> missing) {
        toBuild = missing.size();
        for (ResolvedPackage p : missing) {
            why.put(p.name(), reasons.why(p));
        }
    }

    /** Why the package is being built ("new", "changed: ..."), as planned. */
    synchronized String why(ResolvedPackage p) {
        return why.getOrDefault(p.name(), "");
    }

    @Override
    public synchronized void started(ResolvedPackage pkg) {
        startedCount++;
        if (!quiet) {
            int w = Integer.toString(toBuild).length();
            out.printf("[%" + w + "d/%d] building %s %s (%s)%n", startedCount, toBuild, pkg.label(),
                    pkg.id().shortForm(), why(pkg));
            out.flush();
        }
    }

    @Override
    public synchronized void waiting(ResolvedPackage pkg) {
        if (!quiet) {
            out.println("      waiting for another hd process building " + pkg.label());
            out.flush();
        }
    }

    @Override
    public synchronized void reused(ResolvedPackage pkg) {
        if (!quiet) {
            out.println("      " + pkg.label() + " was built meanwhile by another hd process");
            out.flush();
        }
    }

    @Override
    public synchronized void stage(ResolvedPackage pkg, String stage) {
        if (verbose) {
            out.println("      " + pkg.name() + ": stage " + stage);
            out.flush();
        }
    }

    @Override
    public boolean wantsLogLines() {
        return verbose;
    }

    @Override
    public synchronized void logLine(ResolvedPackage pkg, String line) {
        out.println("      " + pkg.name() + " | " + line);
    }

    @Override
    public synchronized void finished(ResolvedPackage pkg, long millis) {
        if (verbose) {
            out.printf("      built %s in %s%n", pkg.label(), seconds(millis));
            out.flush();
        }
    }

    @Override
    public synchronized void failed(BuildFailure f) {
        err.printf("hd: %s failed in stage %s (details below when the build ends)%n", f.pkg().label(), f.stage());
        err.flush();
    }

    @Override
    public synchronized void download(ResolvedPackage pkg, String url, long bytes, long total) {
        if (!quiet && downloads.add(url)) {
            out.println("      " + pkg.name() + ": fetching " + url + (total > 0 ? " (" + FetchProgress.size(total) + ")" : ""));
            out.flush();
        }
    }

    @Override
    public void close() {
        out.flush();
    }

    /** The full story of a failed build, on stderr. */
    @Override
    public synchronized void report(BuildResult r) {
        Set<String> explained = new HashSet<>();
        for (BuildFailure f : r.failed()) {
            err.println();
            err.println("hd: building " + f.pkg().label() + " (" + f.pkg().id().shortForm() + ") failed");
            err.println("  stage:   " + f.stage());
            err.println("  command: " + f.command());
            if (f.exitCode() >= 0) {
                err.println("  exit:    " + f.exitCode());
            }
            if (!f.logTail().isEmpty()) {
                err.println("  last " + f.logTail().size() + " lines of the log:");
                for (String line : f.logTail()) {
                    err.println("    | " + line);
                }
            }
            err.println("  full log: " + f.log());
            List<String> blocked = names(r.blockedBy(f));
            explained.addAll(blocked);
            if (!blocked.isEmpty()) {
                err.println("  not built because of it: " + String.join(", ", blocked));
            }
        }
        List<String> stopped = new ArrayList<>();
        for (ResolvedPackage p : r.blocked()) {
            if (!explained.contains(p.name())) {
                stopped.add(p.name());
            }
        }
        if (!stopped.isEmpty()) {
            err.println("  not started (hd stops at the first failure; --keep-going builds the rest): "
                    + String.join(", ", stopped));
        }
        err.println();
        err.printf("hd: %d package%s failed, %d not built, %d built; the profile was not switched.%n",
                r.failed().size(), r.failed().size() == 1 ? "" : "s", r.blocked().size(), r.built().size());
        String first = r.failed().isEmpty() ? "PKG" : r.failed().get(0).pkg().name();
        err.println("hint: fix what the log shows ('hd show " + first + " log', 'hd show " + first
                + " script'), then run hd build again: what was built is kept");
        err.flush();
    }

    private static List<String> names(List<ResolvedPackage> ps) {
        List<String> out = new ArrayList<>(ps.size());
        ps.forEach(p -> out.add(p.name()));
        return out;
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
