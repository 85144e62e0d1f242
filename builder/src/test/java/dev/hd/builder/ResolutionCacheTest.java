package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.FileStamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolutionCacheTest {
    @TempDir
    Path tmp;

    static final long LATER = 5_000_000_000_000_000_000L;

    ResolutionCache.Entry entry(Path spec) {
        return new ResolutionCache.Entry(new ProfileId("a".repeat(32)),
                Map.of("zlib", ArtifactId.ofCanonicalJson("{}"), "png", ArtifactId.ofCanonicalJson("[]")),
                List.of(new ResolutionCache.Probe("host-cc", "cc --version\necho x", ResolutionCache.sha256("gcc 12\n"))),
                List.of(FileStamp.of(spec, true), FileStamp.of(tmp.resolve("absent.yaml"), true)));
    }

    @Test
    void roundTripsAndValidatesStamps() throws Exception {
        Path spec = Files.writeString(tmp.resolve("zlib.yaml"), "version: 1\n");
        Files.setLastModifiedTime(spec, FileTime.fromMillis(1_000_000L));
        ResolutionCache cache = new ResolutionCache(new Store(tmp.resolve("store")));
        String key = ResolutionCache.key("/some/stack", "cflags=-O2");
        assertTrue(cache.write(key, entry(spec), LATER));
        Optional<ResolutionCache.Entry> e = cache.read(key);
        assertEquals(Optional.of(entry(spec)), e);
        assertTrue(ResolutionCache.filesUnchanged(e.get()));
        Files.writeString(spec, "version: 2\n");
        assertFalse(ResolutionCache.filesUnchanged(e.get()));
        Files.writeString(tmp.resolve("absent.yaml"), "");
        assertEquals(Optional.empty(), cache.read(ResolutionCache.key("/other")));
    }

    @Test
    void refusesToCacheFilesChangedWithinTheClockResolution() throws Exception {
        Path spec = Files.writeString(tmp.resolve("zlib.yaml"), "version: 1\n");
        ResolutionCache cache = new ResolutionCache(new Store(tmp.resolve("store")));
        long now = FileStamp.of(spec, true).mtimeNanos() + 1_000_000L;
        assertFalse(cache.write("k", entry(spec), now));
        assertEquals(Optional.empty(), cache.read("k"));
    }

    @Test
    void damagedEntriesAreMisses() throws Exception {
        Path spec = Files.writeString(tmp.resolve("zlib.yaml"), "version: 1\n");
        Files.setLastModifiedTime(spec, FileTime.fromMillis(1_000_000L));
        Store store = new Store(tmp.resolve("store"));
        ResolutionCache cache = new ResolutionCache(store);
        assertTrue(cache.write("k", entry(spec), LATER));
        Path f = store.resolutionCache("k");
        List<String> lines = Files.readAllLines(f);
        Files.write(f, lines.subList(0, lines.size() - 1)); // torn: no "end"
        assertEquals(Optional.empty(), cache.read("k"));
        Files.writeString(f, "hd-resolution-cache 1\nprofile x\nend\n"); // bad profile id
        assertEquals(Optional.empty(), cache.read("k"));
        Files.writeString(f, "something else\n");
        assertEquals(Optional.empty(), cache.read("k"));
        String whole = String.join("\n", lines) + "\n";
        Files.writeString(f, whole.substring(0, whole.indexOf("stamp ") + 12)); // cut inside a stamp line
        assertEquals(Optional.empty(), cache.read("k"));
        Files.writeString(f, "hd-resolution-cache 1\nprofile " + "a".repeat(32) + "\nartifact " + "b".repeat(32) + "\nend\n");
        assertEquals(Optional.empty(), cache.read("k"), "an artifact line without a name");
        Files.writeString(f, whole.substring(0, whole.length() - 1)); // no newline after "end": still whole
        assertEquals(Optional.of(entry(spec)), cache.read("k"));
    }
}
