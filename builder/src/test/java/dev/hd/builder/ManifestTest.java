package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
    @Test
    void formatsAndReadsBackEveryKindOfEntry() throws IOException {
        List<Manifest.Entry> entries = List.of(
                new Manifest.Entry(Manifest.Type.DIRECTORY, 0555, "", "bin", ""),
                new Manifest.Entry(Manifest.Type.FILE, 0555, "ab".repeat(32), "bin/hello", ""),
                new Manifest.Entry(Manifest.Type.SYMLINK, 0777, "", "lib/libx.so", "libx.so.1"),
                new Manifest.Entry(Manifest.Type.FILE, 0444, "cd".repeat(32), "odd\tname\nwith\\escapes", ""));
        String text = Manifest.format(entries);
        assertTrue(text.startsWith(Manifest.HEADER + "\n"), text);
        assertTrue(text.contains("\t100555\tbin/hello\n"), text);
        assertTrue(text.contains("-\t120777\tlib/libx.so\tlibx.so.1\n"), text);
        assertTrue(text.contains("odd\\tname\\nwith\\\\escapes"), text);
        assertEquals(entries.size() + 1, text.split("\n").length, "escaped newlines stay on their line");

        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path f = fs.getPath("/manifest");
            Files.writeString(f, text);
            assertEquals(entries, Manifest.read(f));
        }
    }

    @Test
    void refusesSomethingElse() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path f = fs.getPath("/manifest");
            Files.writeString(f, "hello\n");
            IOException e = assertThrows(IOException.class, () -> Manifest.read(f));
            assertTrue(e.getMessage().contains("not an hd manifest"), e.getMessage());
            Files.writeString(f, Manifest.HEADER + "\n-\t170000\tx\n");
            e = assertThrows(IOException.class, () -> Manifest.read(f));
            assertTrue(e.getMessage().contains(":2: unknown file type"), e.getMessage());
        }
    }
}
