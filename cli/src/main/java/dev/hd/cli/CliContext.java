package dev.hd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may know of the world it runs in: the working directory, the environment,
 * and where to write. {@link Main#main} builds it from the real process; tests build their own,
 * so nothing below the CLI reads {@code System.getenv} or the real working directory.
 *
 * @param cwd the directory relative paths are taken from
 * @param env the environment variables (HD_STORE, HOME, NO_COLOR, PATH ...)
 * @param out standard output
 * @param err standard error
 * @param tty whether standard output is a terminal (progress redraws only then)
 * @param inheritStdio whether processes hd starts for the user ({@code hd run}, {@code hd shell})
 *            use hd's own stdin, stdout and stderr (the real process), rather than having
 *            their output copied into {@code out} and {@code err} (tests)
 */
public record CliContext(Path cwd, Map<String, String> env, PrintWriter out, PrintWriter err, boolean tty,
                         boolean inheritStdio) {

    /** A context whose child processes' output is copied into {@code out} and {@code err}. */
    public CliContext(Path cwd, Map<String, String> env, PrintWriter out, PrintWriter err, boolean tty) {
        this(cwd, env, out, err, tty, false);
    }

    public static CliContext system() {
        // stdout is flushed when hd exits (Main.run) or when a command asks: a flush per line
        // costs a system call each, which shows on outputs of thousands of lines.
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.StandardCharsets.UTF_8), 1 << 16), false);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true);
        return new CliContext(Path.of("").toAbsolutePath(), System.getenv(), out, err, System.console() != null, true);
    }

    /** The environment variable, or {@code null}. */
    public String env(String name) {
        return env.get(name);
    }

    /** Whether colour and escape codes may be used. */
    public boolean color() {
        return tty && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
    }
}
