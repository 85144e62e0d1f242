package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The develop build directory's sync: only what changed is rewritten, build outputs stay. */
class LocalSyncTest {
    @TempDir
    Path tmp;

    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    @Test
    void onlyChangedFilesAreRewrittenAndBuildOutputsStay() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path bd = Files.createDirectories(tmp.resolve("build"));
        Files.writeString(src.resolve("a.c"), "a");
        Files.writeString(src.resolve("b.c"), "b");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/gone.c"), "g");
        Files.setLastModifiedTime(src.resolve("a.c"), OLD);
        LocalSync.Result first = LocalSync.sync(src, LocalSync.ALL_FILES.list(src), bd, true);
        assertEquals(new LocalSync.Result(3, 0, 0), first);
        assertEquals(OLD, Files.getLastModifiedTime(bd.resolve("a.c")), "the first copy keeps the source's times");

        Files.writeString(bd.resolve("a.o"), "object"); // what a build made
        Files.setLastModifiedTime(bd.resolve("b.c"), OLD);
        Files.writeString(src.resolve("b.c"), "b2");
        Files.delete(src.resolve("sub/gone.c"));
        Files.writeString(src.resolve("new.c"), "n");
        LocalSync.Result second = LocalSync.sync(src, LocalSync.ALL_FILES.list(src), bd, true);
        assertEquals(new LocalSync.Result(2, 1, 1), second);
        assertEquals("b2", Files.readString(bd.resolve("b.c")));
        assertNotEquals(OLD, Files.getLastModifiedTime(bd.resolve("b.c")), "a changed file is newer than its objects");
        assertEquals(OLD, Files.getLastModifiedTime(bd.resolve("a.c")), "an unchanged one is not touched");
        assertFalse(Files.exists(bd.resolve("sub/gone.c")));
        assertEquals("object", Files.readString(bd.resolve("a.o")));
        assertEquals(new LocalSync.Result(0, 0, 3), LocalSync.sync(src, LocalSync.ALL_FILES.list(src), bd, true));
    }

    @Test
    void withoutItsManifestTheSyncComparesContents() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path bd = Files.createDirectories(tmp.resolve("build"));
        Files.writeString(src.resolve("a.c"), "a");
        Files.writeString(src.resolve("b.c"), "b");
        LocalSync.sync(src, LocalSync.ALL_FILES.list(src), bd, true);
        Files.setLastModifiedTime(bd.resolve("a.c"), OLD);
        Files.delete(bd.resolve(LocalSync.MANIFEST)); // as after a crash in the middle of a sync
        Files.writeString(bd.resolve("b.c"), "stale");
        assertEquals(new LocalSync.Result(1, 0, 1), LocalSync.sync(src, LocalSync.ALL_FILES.list(src), bd, true));
        assertEquals(OLD, Files.getLastModifiedTime(bd.resolve("a.c")));
        assertEquals("b", Files.readString(bd.resolve("b.c")));
    }

    @Test
    void aFileThatChangedSinceItWasListedStopsTheBuild() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.c"), "a");
        List<LocalSync.LocalFile> listed = LocalSync.ALL_FILES.list(src);
        Files.writeString(src.resolve("a.c"), "edited meanwhile");
        HdException e = assertThrows(HdException.class,
                () -> LocalSync.sync(src, listed, Files.createDirectories(tmp.resolve("build")), true));
        assertTrue(e.getMessage().contains("a.c changed while hd was building from " + src), e.getMessage());
    }
}
