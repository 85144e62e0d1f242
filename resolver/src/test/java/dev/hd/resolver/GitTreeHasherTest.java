package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree ids must equal what git computes; the expected values were produced with git 2.39. */
class GitTreeHasherTest {

    @Test
    void blobIdIsGitsHashObject() {
        // printf 'hello\n' | git hash-object --stdin
        assertEquals("ce013625030ba8dba906f756967f9e9ca394464a",
                HexFormat.of().formatHex(GitTreeHasher.blobId("hello\n".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void executableBitSymlinksAndEmptyDirectoriesAsGitSeesThem(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run.sh");
        Files.writeString(run, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("run.sh"));
        Files.writeString(dir.resolve("data.txt"), "data\n");
        Files.createDirectory(dir.resolve("empty"));
        // git ls-tree: 100644 data.txt, 120000 link, 100755 run.sh; the empty directory is not there
        assertEquals(Optional.of("fbd365c482f27a2e0a135386c31789f418a5ef8c"), GitTreeHasher.hashDirectory(dir, p -> true));
    }

    @Test
    void worksOnAnyFileSystemAndOrdersNamesAsGitDoes() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(
                Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build())) {
            Path foo = fs.getPath("/stack/src/foo");
            Files.createDirectories(foo.resolve("a"));
            Files.createDirectories(foo.resolve("sub"));
            Files.writeString(foo.resolve("a-b"), "x\n");
            Files.writeString(foo.resolve("a.txt"), "y\n");
            Files.writeString(foo.resolve("a/z"), "z\n");
            Files.writeString(foo.resolve("hello.txt"), "hello\n");
            Files.writeString(foo.resolve("sub/a.c"), "int x;\n");
            assertEquals(Optional.of(SourcesTest.FOO_TREE), GitTreeHasher.hashDirectory(foo, p -> true));
        }
    }

    @Test
    void excludedEntriesDoNotCountAndNothingLeftMeansNoTree(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Files.createDirectory(dir.resolve(".hd"));
        Files.writeString(dir.resolve(".hd/state"), "ignored\n");
        // git: a tree with the single entry "100644 blob ce0136... hello.txt"
        assertEquals(Optional.of("aaa96ced2d9a1c8e72c56b253a0e2fe78393feb7"),
                GitTreeHasher.hashDirectory(dir, p -> !p.startsWith(".hd")));
        assertTrue(GitTreeHasher.hashDirectory(dir, p -> false).isEmpty());
    }
}
