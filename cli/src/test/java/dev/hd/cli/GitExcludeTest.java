package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitExcludeTest {
    @TempDir
    Path tmp;

    @Test
    void createsTheFileAddsOnceAndRespectsAnEquivalentLine() throws Exception {
        Files.createDirectories(tmp.resolve("a/.git"));
        GitExclude.addHdDir(tmp.resolve("a"));
        GitExclude.addHdDir(tmp.resolve("a"));
        List<String> lines = Files.readAllLines(tmp.resolve("a/.git/info/exclude"));
        assertEquals(".hd/", lines.get(lines.size() - 1));
        assertEquals(1, lines.stream().filter(".hd/"::equals).count());

        Files.createDirectories(tmp.resolve("b/.git/info"));
        Files.writeString(tmp.resolve("b/.git/info/exclude"), "/.hd\n");
        GitExclude.addHdDir(tmp.resolve("b"));
        assertEquals("/.hd\n", Files.readString(tmp.resolve("b/.git/info/exclude")));

        Files.createDirectories(tmp.resolve("c"));
        Files.writeString(tmp.resolve("c/.git"), "gitdir: elsewhere\n"); // a worktree: not ours to edit
        GitExclude.addHdDir(tmp.resolve("c"));
        assertFalse(Files.exists(tmp.resolve("c/info")));
    }
}
