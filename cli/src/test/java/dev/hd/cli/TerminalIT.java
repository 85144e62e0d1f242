package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher ({@code cli/src/main/dist/hd} over the packaged jar) under a
 * pseudo-terminal made by {@code script(1)}: the live build view draws with escape codes
 * there, and not into a pipe, nor with {@code NO_COLOR} or {@code --quiet}.
 */
class TerminalIT {
    static final String ESC = "\u001B[";
    static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path tmp;
    Path hd;
    Path pkgs;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(SCRIPT), "needs script(1) from util-linux");
        // the install layout the launcher expects: HD_HOME/hd-cli.jar and HD_HOME/lib/*.jar
        Path target = Path.of("target").toAbsolutePath();
        Path jar;
        try (Stream<Path> s = Files.list(target)) {
            jar = s.filter(p -> p.getFileName().toString().matches("hd-cli-.*\\.jar")
                    && !p.getFileName().toString().matches(".*-(tests|sources)\\.jar")).findFirst().orElse(null);
        }
        assumeTrue(jar != null && Files.isDirectory(target.resolve("lib")), "needs the packaged jar (mvn verify)");
        Path home = Files.createDirectories(tmp.resolve("install/lib/hd"));
        Files.copy(jar, home.resolve("hd-cli.jar"));
        CliHarness.copyTree(target.resolve("lib"), home.resolve("lib"));
        Files.createDirectories(tmp.resolve("install/bin"));
        hd = tmp.resolve("install/bin/hd");
        Files.copy(Path.of("src/main/dist/hd").toAbsolutePath(), hd);
        hd.toFile().setExecutable(true);

        pkgs = Files.createDirectories(tmp.resolve("stack/pkgs"));
        Files.writeString(pkgs.resolve("../stack.yaml"), "packages:\n  top:\n");
        Files.writeString(pkgs.resolve("base.yaml"), "build_stages:\n  - name: compile\n    bash: |\n"
                + "      echo compiling base\n      mkdir -p \"$ARTIFACT/bin\"; touch \"$ARTIFACT/bin/base\"\n");
        Files.writeString(pkgs.resolve("top.yaml"), "dependencies: {build: [base], run: [base]}\n"
                + "build_stages:\n  - name: compile\n    bash: |\n"
                + "      echo compiling top\n      mkdir -p \"$ARTIFACT/bin\"; touch \"$ARTIFACT/bin/top\"\n");
    }

    /** Runs the launcher; under a pseudo-terminal when {@code tty}. */
    private String run(boolean tty, Map<String, String> env, String... args) throws Exception {
        List<String> hdCmd = new ArrayList<>();
        hdCmd.add(hd.toString());
        hdCmd.add("--store");
        hdCmd.add(tmp.resolve("store-" + tty + env.hashCode() + String.join("", args).hashCode()).toString());
        hdCmd.addAll(List.of(args));
        List<String> cmd = new ArrayList<>();
        if (tty) {
            StringBuilder line = new StringBuilder();
            for (String a : hdCmd) {
                line.append(EnvCommand.posixQuote(a)).append(' ');
            }
            cmd.addAll(List.of(SCRIPT.toString(), "-q", "-e", "-c", line.toString().strip(), "/dev/null"));
        } else {
            cmd.addAll(hdCmd);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.resolve("stack").toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("TERM", "xterm");
        pb.environment().put("HD_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "hd finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void onATerminalTheBuildIsDrawnLive() throws Exception {
        String out = run(true, Map.of(), "build");
        assertTrue(out.contains(ESC + "J"), "erases and redraws: " + out);
        assertTrue(out.matches("(?s).*" + "\u001B\\[[0-9]+A.*"), "moves the cursor up over the live rows: " + out);
        assertTrue(out.contains(" of 2 built, "), out);
        assertTrue(out.contains("[2/2] building top"), "the plain lines are there too: " + out);
        assertTrue(out.contains("Built 2 packages in "), out);
        String last = out.substring(out.lastIndexOf(ESC));
        assertFalse(last.contains(" of 2 built"), "the live rows are gone at the end: " + last);
    }

    @Test
    void offATerminalWithNoColorOrQuietThereAreNoEscapeCodes() throws Exception {
        String piped = run(false, Map.of(), "build");
        assertFalse(piped.contains("\u001B"), piped);
        assertTrue(piped.contains("[1/2] building base") && piped.contains("Built 2 packages in "), piped);

        String noColor = run(true, Map.of("NO_COLOR", "1"), "build");
        assertFalse(noColor.contains("\u001B"), noColor);
        assertTrue(noColor.contains("[2/2] building top"), noColor);

        String quiet = run(true, Map.of(), "--quiet", "build");
        assertFalse(quiet.contains("\u001B"), quiet);
        assertFalse(quiet.contains("building"), quiet);
    }
}
