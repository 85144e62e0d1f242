package dev.hd.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helper: the repository's example stack, and running programs with a clean environment. */
public final class TestTools {
    private TestTools() {
    }

    /** The repository's {@code examples/} stack, found by walking up from the module directory. */
    public static Path examples() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("examples/stack.yaml"))) {
                return d.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/stack.yaml above " + Path.of("").toAbsolutePath());
    }

    /** The output of a command (stdout+stderr) run with exactly {@code env}; fails on a non-zero exit. */
    public static String run(Map<String, String> env, Path cwd, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
