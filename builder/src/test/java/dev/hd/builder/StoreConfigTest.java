package dev.hd.builder;

import static dev.hd.builder.Hints.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {
    static final String SAMPLE = """
            # mirrors, nearest first
            mirror = /srv/hd-mirror

            mirror=https://mirror.example.org/hd?a=b
              build.jobs = 8
            gc.keep-generations = 0
            gc.keep-build-deps = true
            """;

    @TempDir
    Path tmp;

    static HdException error(String text) {
        return hinted(HdException.class, () -> StoreConfig.parse(text, "cfg"));
    }

    @Test
    void parsesKeysListsCommentsAndTypedValues() throws HdException {
        StoreConfig c = StoreConfig.parse(SAMPLE, "cfg");
        assertEquals(List.of("/srv/hd-mirror", "https://mirror.example.org/hd?a=b"), c.mirrors());
        assertEquals(OptionalInt.of(8), c.getInt("build.jobs"));
        assertEquals(OptionalInt.of(0), c.getInt("gc.keep-generations"));
        assertEquals(Optional.of(true), c.getBoolean("gc.keep-build-deps"));
        assertEquals(Optional.empty(), StoreConfig.empty().get("build.jobs"));
        assertEquals(SAMPLE, c.text(), "text is kept as written");
    }

    @Test
    void unknownKeysNameTheLineAndSuggestTheKeyMeant() {
        HdException e = error("# c\n\nmirrors = /x\n");
        assertTrue(e.getMessage().startsWith("cfg:3: unknown key 'mirrors' (known keys: mirror, build.jobs,"), e.getMessage());
        assertEquals("did you mean 'mirror'?", e.hint());
        assertEquals("see docs/store-config.md", error("colour = red\n").hint());
    }

    @Test
    void badLinesAndValuesNameTheLine() {
        assertEquals("cfg:2: expected 'key = value', found 'build.jobs 4'",
                error("build.jobs = 2\nbuild.jobs 4\n").getMessage());
        assertEquals("cfg:1: build.jobs must be a positive whole number, found '0'", error("build.jobs = 0").getMessage());
        assertEquals("cfg:1: build.jobs must be a positive whole number, found 'many'",
                error("build.jobs = many").getMessage());
        assertEquals("cfg:1: gc.keep-generations must be a whole number (0 or more), found '-1'",
                error("gc.keep-generations = -1").getMessage());
        assertEquals("cfg:1: gc.keep-build-deps must be true or false, found 'yes'",
                error("gc.keep-build-deps = yes").getMessage());
        assertEquals("cfg:1: 'mirror' needs a value", error("mirror =").getMessage());
        assertTrue(error("mirror = ftp://old.example/pub").getMessage().startsWith("cfg:1: mirror is not usable"));
        HdException twice = error("build.jobs = 2\n# x\nbuild.jobs = 4\n");
        assertEquals("cfg:3: 'build.jobs' is set twice (first on line 1)", twice.getMessage());
        HdException both = error("jobs = 2\nbuild.jobs = 4\n");
        assertEquals("cfg:2: 'build.jobs' is set twice (first on line 1)", both.getMessage(), "an old name is the same key");
    }

    @Test
    void oldKeyNamesAreStillReadAndRewrittenUnderTheNewName() throws HdException {
        StoreConfig c = StoreConfig.parse("jobs = 3\nkeep-generations = 5\n", "cfg");
        assertEquals(OptionalInt.of(3), c.getInt("build.jobs"));
        assertEquals(OptionalInt.of(3), c.getInt("jobs"), "lookups by the old name work too");
        assertEquals(OptionalInt.of(5), c.getInt("gc.keep-generations"));
        assertEquals("build.jobs = 4\nkeep-generations = 5\n", c.set("jobs", "4").text());
        assertEquals("jobs = 3\n", c.unset("gc.keep-generations").text());
        assertEquals("cfg:1: jobs must be a positive whole number, found '0'", error("jobs = 0").getMessage(),
                "messages use the name as written");
    }

    @Test
    void setAddUnsetKeepCommentsAndOrder() throws HdException {
        StoreConfig c = StoreConfig.parse(SAMPLE, "cfg")
                .set("build.jobs", "4")
                .add("mirror", "/third")
                .unset("gc.keep-generations")
                .set("gc.keep-generations", "3");
        assertEquals("""
                # mirrors, nearest first
                mirror = /srv/hd-mirror

                mirror=https://mirror.example.org/hd?a=b
                build.jobs = 4
                gc.keep-build-deps = true
                mirror = /third
                gc.keep-generations = 3
                """, c.text());
        assertEquals(List.of("/only"), c.set("mirror", "/only").mirrors());
        hinted(HdException.class, () -> c.add("build.jobs", "5"));
        hinted(HdException.class, () -> c.set("build.jobs", "x"));
        hinted(HdException.class, () -> c.unset("nope"));
        assertThrows(IllegalArgumentException.class, () -> c.get("nope"));
    }

    @Test
    void savesAtomicallyAndLoadsBack() throws Exception {
        Path file = tmp.resolve("store/config");
        assertEquals(StoreConfig.empty(), StoreConfig.load(file), "a missing file is an empty config");
        StoreConfig c = StoreConfig.parse(SAMPLE, "cfg").set("build.jobs", "3");
        c.save(file);
        assertEquals(c, StoreConfig.load(file));
        c.unset("mirror").save(file);
        assertEquals(List.of(), StoreConfig.load(file).mirrors());
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList(), "no temporary files left");
        }
        Files.writeString(file, "build.jobs = 1\nbogus = 2\n");
        HdException e = hinted(HdException.class, () -> StoreConfig.load(file));
        assertTrue(e.getMessage().startsWith(file + ":2: unknown key 'bogus'"), e.getMessage());
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        Path doc = Path.of("..", "docs", "store-config.md");
        String text = Files.readString(doc);
        for (StoreConfig.Key k : StoreConfig.KEYS) {
            assertTrue(text.contains("| `" + k.name() + "` |"), "docs/store-config.md lacks a row for " + k.name());
        }
    }
}
