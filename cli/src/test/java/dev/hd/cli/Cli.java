package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

        /** The names of the packages the output says were built, sorted. */
        public List<String> built() {
            return out.lines().filter(l -> l.contains("building ")).map(l -> l.replaceAll(".*building (\\S+)-\\S+ .*", "$1"))
                    .sorted().toList();
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

    /** Runs hd and asserts that it succeeded. */
    public Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r);
        return r;
    }

    /** Package name -> id, from hd resolve --json. */
    public Map<String, String> ids() {
        JsonNode doc = CanonicalJson.read(ok("resolve", "--json").out());
        Map<String, String> m = new TreeMap<>();
        for (JsonNode p : doc.get("packages")) {
            m.put(p.get("name").asText(), p.get("id").asText());
        }
        return m;
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
