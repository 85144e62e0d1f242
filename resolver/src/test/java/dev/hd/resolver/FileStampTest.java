package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampTest {
    @TempDir
    Path tmp;

    @Test
    void aStampStaysCurrentUntilTheFileChanges() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.yaml"), "version: 1\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000L));
        FileStamp s = FileStamp.of(f, true);
        assertEquals('F', s.kind());
        assertTrue(s.isCurrent());
        Files.writeString(f, "version: 2\n"); // same size, new mtime
        assertFalse(s.isCurrent());
    }

    @Test
    void sameSizeAndMtimeButReplacedFileIsNoticed() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.yaml"), "aaaa");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000L));
        FileStamp s = FileStamp.of(f, true);
        Path g = Files.writeString(tmp.resolve("b.yaml"), "bbbb");
        Files.setLastModifiedTime(g, FileTime.fromMillis(1_000_000_000L));
        Files.move(g, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFalse(s.isCurrent(), "inode and ctime differ");
    }

    @Test
    void absentFilesAndRoundTrip() throws Exception {
        FileStamp absent = FileStamp.of(tmp.resolve("nope"), true);
        assertEquals('A', absent.kind());
        assertTrue(absent.isCurrent());
        Files.writeString(tmp.resolve("nope"), "x");
        assertFalse(absent.isCurrent());
        FileStamp d = FileStamp.of(tmp, false);
        assertEquals('D', d.kind());
        assertEquals(d, FileStamp.parse(d.toLine()));
        Path spaced = Files.writeString(tmp.resolve("with space.yaml"), "x");
        FileStamp sp = FileStamp.of(spaced, true);
        assertEquals(sp, FileStamp.parse(sp.toLine()));
        String text = "stamp " + sp.toLine() + "\nstamp " + d.toLine() + "\n";
        int start = text.indexOf('\n') + 7;
        assertEquals(d, FileStamp.parse(text, start, text.length() - 1));
        for (String bad : List.of("", "F 1 2 3 4", "FF 1 2 3 4 5 /p", "F 1 x 3 4 5 /p", "F 1 2 3 4 5")) {
            assertThrows(IllegalArgumentException.class, () -> FileStamp.parse(bad), bad);
        }
    }

    @Test
    void directorySourceStampsWhatResolutionReads() throws Exception {
        Path stack = tmp.resolve("stack");
        Files.createDirectories(stack.resolve("pkgs"));
        Files.createDirectories(stack.resolve("src/a/sub"));
        Files.writeString(stack.resolve("stack.yaml"), "packages: {a: }\n");
        Files.writeString(stack.resolve("pkgs/a.yaml"), "sources: [{path: src/a}]\n");
        Files.writeString(stack.resolve("src/a/sub/x.c"), "int x;\n");
        Files.writeString(stack.resolve("unrelated.txt"), "not read\n");
        DirectorySpecSource src = new DirectorySpecSource(stack);
        Resolver.resolve(src, ResolveOptions.defaults());
        Set<String> paths = src.stamps().stream().map(s -> stack.relativize(s.path()).toString()).collect(Collectors.toSet());
        assertTrue(paths.containsAll(Set.of("stack.yaml", "pkgs", "pkgs/a.yaml", "src/a", "src/a/sub", "src/a/sub/x.c")), paths.toString());
        assertFalse(paths.contains("unrelated.txt"), paths.toString());
        assertTrue(src.stamps().stream().allMatch(FileStamp::isCurrent));
    }
}
