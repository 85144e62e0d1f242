package dev.hd.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleMarkerTest {
    @TempDir
    Path tmp;

    @Test
    void readsWhatTheHookWritesAndClears() throws Exception {
        Path link = tmp.resolve(".hd/profile");
        Files.createDirectories(link.getParent());
        assertEquals(tmp.resolve(".hd/profile.stale"), StaleMarker.of(link));
        assertEquals(Optional.empty(), StaleMarker.read(link));
        Files.writeString(StaleMarker.of(link), "hd-stale 1\ncommit " + "a".repeat(40)
                + "\nref refs/heads/topic\nsince 1700000000\nbuild hd build '/my stack'\nlater-field x\n");
        StaleMarker.Stale s = StaleMarker.read(link).orElseThrow();
        assertEquals("a".repeat(40), s.commit());
        assertEquals("refs/heads/topic", s.ref());
        assertEquals(1_700_000_000L, s.epochSeconds());
        assertEquals("hd build '/my stack'", s.buildCommand());
        StaleMarker.clear(link);
        assertFalse(Files.exists(StaleMarker.of(link)));
        StaleMarker.clear(link); // nothing to clear: fine

        Files.writeString(StaleMarker.of(link), "garbage");
        assertTrue(StaleMarker.read(link).isPresent(), "a damaged marker still means stale");
    }
}
