package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path tmp;

    @Test
    void keepsTheLastLinesAndReadsTheTrapLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            sb.append("line ").append(i).append('\n');
        }
        sb.append("hd-failed: stage=build exit=2 command=make -j4 all\n");
        Path log = Files.writeString(tmp.resolve("log"), sb.toString());
        LogTail t = LogTail.read(log, 30);
        assertEquals(30, t.lines().size());
        assertEquals("line 71", t.lines().get(0));
        assertEquals("line 100", t.lines().get(29));
        assertEquals("build", t.failedStage());
        assertEquals("make -j4 all", t.failedCommand());
    }

    @Test
    void aHugeLogIsReadFromItsEndOnly() throws IOException {
        String big = "x".repeat(200_000) + "\nlast\n";
        Path log = Files.writeString(tmp.resolve("log"), big);
        LogTail t = LogTail.read(log, 30);
        assertEquals(java.util.List.of("last"), t.lines(), "the cut first line is dropped");
        assertNull(t.failedCommand());
    }
}
