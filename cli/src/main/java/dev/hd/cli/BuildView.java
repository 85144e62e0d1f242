package dev.hd.cli;

import dev.hd.builder.BuildListener;
import dev.hd.builder.BuildReasons;
import dev.hd.builder.BuildResult;
import dev.hd.builder.BuildTimes;
import dev.hd.builder.Store;

/**
 * How {@code hd build} (and every command that builds) shows a build: {@link PlainBuildView}
 * off a terminal, {@link TtyBuildView} on one. Close it before printing anything else.
 */
interface BuildView extends BuildListener, AutoCloseable {
    /** The full story of a failed build, on stderr. */
    void report(BuildResult failed);

    /** Ends the view: a live view stops redrawing and erases itself. Idempotent. */
    @Override
    void close();

    /**
     * The view for this terminal: the live one when standard output is a terminal that may
     * take escape codes (not {@code NO_COLOR}, not {@code TERM=dumb}) and {@code --quiet} was
     * not given; else plain lines.
     */
    static BuildView of(Main main, BuildReasons reasons, int jobs) {
        CliContext ctx = main.ctx();
        if (ctx.color() && !main.quiet()) {
            // the width is asked for (a process: stty) only once there is something to draw
            return TtyBuildView.start(ctx.out(), ctx.err(), reasons, main.verbose(), jobs, () -> Terminal.columns(ctx),
                    new BuildTimes(new Store(main.storeRoot()))::last);
        }
        return new PlainBuildView(ctx.out(), ctx.err(), reasons, main.quiet(), main.verbose());
    }
}
