package dev.hd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helper: runs hd in-process or as a child JVM, isolated from the user's HOME and store. */
final class CliHarness {
    private CliHarness() {
    }

    /** What one in-process run printed and returned. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result run(Path cwd, Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(cwd, Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"),
                new PrintWriter(out, true), new PrintWriter(err, true), false);
        int code = Main.run(ctx, args);
        requireHint(code, err.toString());
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The rule every CLI test checks: a failure hd reports ({@code hd: ...} on stderr, exit 1
     * or 2) says what to do next ({@code hint: ...}).
     */
    static void requireHint(int code, String err) {
        if ((code == Main.FAILURE || code == Main.USAGE) && (err.startsWith("hd: ") || err.contains("\nhd: "))
                && !err.startsWith("hint: ") && !err.contains("\nhint: ")) {
            throw new AssertionError("an error without a hint (what to do next), exit " + code + ":\n" + err);
        }
    }

    /** A child JVM running {@code hd args...} with a clean environment and HOME. */
    static ProcessBuilder process(Path cwd, Path home, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        return pb;
    }

    /** The repository's example stack. */
    static Path examples() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("examples/stack.yaml"))) {
                return d.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/stack.yaml above " + Path.of("").toAbsolutePath());
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals(".hd") && !dir.equals(from)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Waits (without a deadline that could make a slow machine fail) for a file, up to 5 minutes. */
    static void awaitFile(Path f, Process p) throws InterruptedException {
        for (int i = 0; i < 3000 && !Files.exists(f); i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("hd ended (exit " + p.exitValue() + ") before " + f + " appeared");
            }
            Thread.sleep(100);
        }
        if (!Files.exists(f)) {
            throw new IllegalStateException(f + " never appeared");
        }
    }
}
