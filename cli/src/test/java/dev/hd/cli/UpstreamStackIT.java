package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real upstream stack of {@code examples/upstream} (zlib, bzip2, xz, libyaml, libpng, lua,
 * jansson with the host's cmake), built offline from the archives in {@code ../shared/sources}.
 * Skipped when that folder is absent.
 */
class UpstreamStackIT {
    static final Path STACK = Path.of("..", "examples", "upstream").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void buildsOfflineLinksByRpathAndRunsFromTheProfile() throws Exception {
        Path shared = FetchCommandIT.sharedSources();
        Path stack = tmp.resolve("upstream");
        copyStack(STACK, stack);
        Path store = tmp.resolve("store");
        Cli cli = new Cli(tmp, store);

        // Fetch through the mirror, then build without it: the spec URLs are unreachable here,
        // so the build works only if the cache holds everything.
        Cli.Result fetch = cli.run("--mirror", shared.toString(), "fetch", stack.toString());
        assertEquals(0, fetch.code(), fetch.toString());
        Cli.Result build = cli.run("build", stack.toString());
        assertEquals(0, build.code(), build.toString());
        for (String pkg : List.of("zlib", "bzip2", "xz", "libyaml", "libpng", "lua", "jansson")) {
            assertTrue(build.out().contains("building " + pkg + "-"), pkg + " built: " + build.out());
        }

        Path profile = stack.resolve(".hd/profile");
        // libpng finds zlib in the store by its RUNPATH, with no LD_LIBRARY_PATH.
        String ldd = run(List.of("ldd", profile.resolve("lib/libpng16.so").toRealPath().toString()));
        Matcher m = Pattern.compile("libz\\.so\\.1 => (\\S+)").matcher(ldd);
        assertTrue(m.find(), ldd);
        assertTrue(m.group(1).startsWith(store.resolve("bld/zlib").toString() + "/"), ldd);

        assertTrue(run(List.of(profile.resolve("bin/lua").toString(), "-v")).startsWith("Lua 5.4.4"));
        assertTrue(run(List.of(profile.resolve("bin/xz").toString(), "--version")).contains("5.4.1"));
        assertTrue(run(List.of(profile.resolve("bin/bzip2").toString(), "--help")).contains("Version 1.0.8"));
        assertTrue(Files.exists(profile.resolve("lib/libjansson.so")), "jansson built with cmake");
        assertTrue(Files.exists(profile.resolve("lib/libyaml.so")), "libyaml built with cmake");
        assertTrue(Files.exists(profile.resolve("include/png.h")));

        Cli.Result again = cli.run("build", stack.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().startsWith("Nothing to build: 8 packages up to date."), again.out());
    }

    /** Runs a program with an empty environment and returns its output. */
    static String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), cmd + ": " + out);
        return out;
    }

    static void copyStack(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.toString().startsWith(".hd")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                } else {
                    Files.copy(f, to.resolve(rel.toString()));
                }
            }
        }
    }
}
