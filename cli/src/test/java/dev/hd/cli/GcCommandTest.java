package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hd.builder.GarbageCollector;
import dev.hd.builder.GcRoots;
import dev.hd.builder.ProfileId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GcCommandTest {
    @Test
    void agesHaveAUnit() {
        assertEquals(Duration.ofDays(30), GcCommand.age("30d"));
        assertEquals(Duration.ofHours(12), GcCommand.age("12h"));
        assertEquals(Duration.ofDays(14), GcCommand.age("2w"));
        assertEquals(Duration.ofMinutes(90), GcCommand.age("90m"));
        assertEquals(Duration.ZERO, GcCommand.age("0s"));
        assertThrows(UsageException.class, () -> GcCommand.age("30"));
        assertThrows(UsageException.class, () -> GcCommand.age("1y"));
    }

    @Test
    void theSummarySaysWhatWentAndWhatKeptTheRest() {
        ProfileId p = new ProfileId("a".repeat(32));
        GarbageCollector.Result r = new GarbageCollector.Result(false, List.of(
                new GarbageCollector.Item(GarbageCollector.Kind.ARTIFACT, Path.of("/s/bld/x/1"), "x 1", 2048),
                new GarbageCollector.Item(GarbageCollector.Kind.ARTIFACT, Path.of("/s/bld/y/1"), "y 1", 1024),
                new GarbageCollector.Item(GarbageCollector.Kind.LEFTOVER, Path.of("/s/tmp/build-1"), "b", 0)),
                3072, 4, 1, List.of(new GcRoots.Root(GcRoots.Kind.LINK, Path.of("/l"), p, "current"),
                        new GcRoots.Root(GcRoots.Kind.REF_MAP, Path.of("/s/refs"), p, "ref map")), List.of());
        assertEquals("Freed 3.0 KB: 2 artifacts, 1 leftover. Kept 4 artifacts and 1 profile (roots: 1 link, 1 ref-map profile).",
                GcCommand.summary(r));
        assertEquals("Nothing to collect. Kept 0 artifacts and 0 profiles.",
                GcCommand.summary(new GarbageCollector.Result(true, List.of(), 0, 0, 0, List.of(), List.of())));
    }

    @Test
    void generationNumbersAreDigitsOnly() {
        assertEquals(OptionalInt.of(12), ProfileLinks.number("12"));
        assertEquals(OptionalInt.empty(), ProfileLinks.number("./12"));
        assertEquals(OptionalInt.empty(), ProfileLinks.number("1e3"));
        assertEquals(OptionalInt.empty(), ProfileLinks.number(""));
    }
}
