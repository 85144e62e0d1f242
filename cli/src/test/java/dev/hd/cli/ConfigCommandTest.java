package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hd config get/set/unset/list} and {@code hd show-config}, in-process. */
class ConfigCommandTest {
    @TempDir
    Path tmp;
    Path store;
    Cli hd;

    @BeforeEach
    void setUp() {
        store = tmp.resolve("store");
        hd = new Cli(tmp, store);
    }

    @Test
    void setGetUnsetRoundTripAndKeepTheFileTidy() throws Exception {
        Cli.Result missing = hd.run("config", "get", "build.jobs");
        assertEquals(1, missing.code(), missing.toString());
        assertEquals("", missing.out());
        assertTrue(missing.err().contains("build.jobs is not set in " + store.resolve("config")), missing.err());
        assertTrue(missing.err().contains("hint: set it with 'hd config set build.jobs VALUE'"), missing.err());
        assertFalse(Files.exists(store.resolve("config")), "reading never creates the file");

        assertEquals(0, hd.run("config", "set", "build.jobs", "3").code());
        assertEquals(0, hd.run("config", "set", "--add", "mirror", "/srv/a").code());
        assertEquals(0, hd.run("config", "set", "--add", "mirror", "https://m.example/hd").code());
        assertEquals("3\n", hd.run("config", "get", "build.jobs").out());
        assertEquals("/srv/a\nhttps://m.example/hd\n", hd.run("config", "get", "mirror").out());
        assertEquals("build.jobs = 3\nmirror = /srv/a\nmirror = https://m.example/hd\n", hd.run("config", "list").out());

        Files.writeString(store.resolve("config"), "# my comment\n" + Files.readString(store.resolve("config")));
        assertEquals(0, hd.run("config", "set", "build.jobs", "5").code());
        assertEquals(0, hd.run("config", "unset", "mirror").code());
        assertEquals("# my comment\nbuild.jobs = 5\n", Files.readString(store.resolve("config")), "comments are kept");
        assertEquals(0, hd.run("config", "unset", "mirror").code(), "unsetting what is not set is fine");
    }

    @Test
    void badKeysAndValuesAreRefusedWithAHintAndChangeNothing() throws Exception {
        assertEquals(0, hd.run("config", "set", "build.jobs", "2").code());
        String before = Files.readString(store.resolve("config"));

        Cli.Result typo = hd.run("config", "set", "build.job", "4");
        assertEquals(1, typo.code(), typo.toString());
        assertTrue(typo.err().startsWith("hd: unknown config key 'build.job' (known keys: mirror, build.jobs,"), typo.err());
        assertTrue(typo.err().contains("hint: did you mean 'build.jobs'?"), typo.err());

        Cli.Result bad = hd.run("config", "set", "build.jobs", "lots");
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("hd: build.jobs must be a positive whole number, found 'lots'"), bad.err());
        assertTrue(bad.err().contains("hint: build.jobs: how many packages"), bad.err());

        Cli.Result addOne = hd.run("config", "set", "--add", "build.jobs", "4");
        assertEquals(2, addOne.code(), addOne.toString());
        assertTrue(addOne.err().contains("--add is for list keys"), addOne.err());
        assertEquals(before, Files.readString(store.resolve("config")));

        Files.writeString(store.resolve("config"), "build.jobs = 2\nmirrors = /x\n");
        Cli.Result broken = hd.run("config", "list");
        assertEquals(1, broken.code(), broken.toString());
        assertTrue(broken.err().startsWith("hd: " + store.resolve("config") + ":2: unknown key 'mirrors'"), broken.err());
        assertTrue(broken.err().contains("hint: did you mean 'mirror'?"), broken.err());
    }

    @Test
    void oldKeyNamesWork() throws Exception {
        Files.createDirectories(store);
        Files.writeString(store.resolve("config"), "jobs = 7\n");
        assertEquals("7\n", hd.run("config", "get", "build.jobs").out());
        assertEquals("7\n", hd.run("config", "get", "jobs").out());
        assertEquals(0, hd.run("config", "set", "jobs", "8").code());
        assertEquals("build.jobs = 8\n", Files.readString(store.resolve("config")));
    }

    @Test
    void showConfigSaysWhereEachValueComesFrom() throws Exception {
        Cli.Result empty = hd.run("show-config");
        assertEquals(0, empty.code(), empty.toString());
        assertTrue(empty.out().startsWith("store                " + store + "  ($HD_STORE)\n"), empty.out());
        assertTrue(empty.out().contains("(absent: every key has its default)"), empty.out());
        assertTrue(empty.out().contains("build.jobs           " + Runtime.getRuntime().availableProcessors()
                + "  (default: the number of CPUs)\n"), empty.out());
        assertTrue(empty.out().contains("gc.keep-generations  -  (not set)\n"), empty.out());

        Files.createDirectories(store);
        Files.writeString(store.resolve("config"), "# x\nmirror = /srv/m\ngc.keep-generations = 4\n");
        Cli.Result set = hd.run("--mirror", "/cli/m", "show-config");
        assertTrue(set.out().contains("mirror               /cli/m  (--mirror)\nmirror               /srv/m  (config:2)\n"),
                set.out());
        assertTrue(set.out().contains("gc.keep-generations  4  (config:3)"), set.out());

        JsonNode doc = CanonicalJson.read(hd.run("show-config", "--json").out());
        assertEquals(1, doc.path("version").asInt());
        assertEquals(store.toString(), doc.path("store").path("path").asText());
        assertEquals("HD_STORE", doc.path("store").path("from").asText());
        assertTrue(doc.path("config_file").path("exists").asBoolean());
        JsonNode keep = null;
        for (JsonNode s : doc.path("settings")) {
            if (s.path("key").asText().equals("gc.keep-generations")) {
                keep = s;
            }
        }
        assertEquals("4", keep.path("value").asText());
        assertEquals(3, keep.path("line").asInt());
        assertEquals("config", keep.path("from").asText());
    }
}
