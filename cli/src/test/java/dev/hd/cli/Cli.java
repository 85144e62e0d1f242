package dev.hd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs hd in-process with captured output, an isolated store and environment: what CLI
 * tests use instead of the real terminal.
 */
public final class Cli {
    /** The outcome of one run. */
    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path cwd;
    private final Map<String, String> env = new HashMap<>();

    public Cli(Path cwd, Path store) {
        this.cwd = cwd;
        env.put("HD_STORE", store.toString());
        env.put("HOME", cwd.toString());
        env.put("PATH", "/usr/bin:/bin");
    }

    public Cli env(String k, String v) {
        env.put(k, v);
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(cwd, Map.copyOf(env), new PrintWriter(out, true), new PrintWriter(err, true), false);
        int code = Main.run(ctx, args);
        CliHarness.requireHint(code, err.toString());
        return new Result(code, out.toString(), err.toString());
    }
}
