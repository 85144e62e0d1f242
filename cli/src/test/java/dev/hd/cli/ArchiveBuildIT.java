package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hd build} of a real upstream archive, fetched through a directory mirror (shared/sources). */
class ArchiveBuildIT {
    @TempDir
    Path tmp;

    @Test
    void buildsBzip2FromItsReleaseArchive() throws Exception {
        Path shared = FetchCommandIT.sharedSources();
        String name = "bzip2-1.0.8.tar.gz";
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shared.resolve(name)), "no " + name + ": skipping");
        String key = Files.readAllLines(shared.resolve("SHA256SUMS")).stream()
                .filter(l -> l.endsWith("  " + name)).findFirst().orElseThrow().substring(0, 64);
        Path stack = Files.createDirectories(tmp.resolve("stack/pkgs")).getParent();
        Files.writeString(stack.resolve("stack.yaml"), "packages:\n  bzip2:\n");
        Files.writeString(stack.resolve("pkgs/bzip2.yaml"), "version: 1.0.8\n"
                + "sources:\n  - url: https://gone.invalid/" + name + "\n    key: sha256:" + key + "\n"
                + "build_stages:\n"
                + "  - name: build\n    bash: make -j\"$HD_JOBS\" bzip2 CFLAGS='-O1 -D_FILE_OFFSET_BITS=64'\n"
                + "  - name: install\n    after: build\n    bash: mkdir -p \"$ARTIFACT/bin\" && cp bzip2 \"$ARTIFACT/bin/\"\n");

        Cli.Result r = new Cli(tmp, tmp.resolve("store")).run("--mirror", shared.toString(), "build", "stack");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("building bzip2-1.0.8 ") && r.out().contains("(new)"), r.out());

        Path exe = stack.resolve(".hd/profile/bin/bzip2");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "--help").redirectErrorStream(true);
        pb.environment().clear();
        Process p = pb.start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertTrue(help.contains("bzip2, a block-sorting file compressor.  Version 1.0.8"), help);
        assertTrue(Files.isRegularFile(tmp.resolve("store/src/sha256/" + key)), "the archive is cached in the store");
    }
}
