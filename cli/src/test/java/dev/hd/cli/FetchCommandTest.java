package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.builder.Store;
import dev.hd.builder.source.SourceCache;
import dev.hd.resolver.SourceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchCommandTest {
    @TempDir
    Path tmp;
    Path storeDir;
    Store store;
    Path mirror;
    SourceKey aKey;
    SourceKey bKey;

    @BeforeEach
    void setUp() throws IOException {
        storeDir = tmp.resolve("store");
        store = new Store(storeDir);
        mirror = Files.createDirectories(tmp.resolve("mirror"));
        aKey = SourceCache.hash(Files.writeString(mirror.resolve("liba-1.0.tar.gz"), "archive a"));
        bKey = SourceCache.hash(Files.writeString(mirror.resolve("libb-2.0.tar.gz"), "archive b"));
    }

    Cli cli() {
        return new Cli(tmp, storeDir);
    }

    /** A stack of two packages whose archives' urls point nowhere: only a mirror has them. */
    Path stack(SourceKey a, SourceKey b) throws IOException {
        Path s = Files.createDirectories(tmp.resolve("stack/pkgs"));
        Files.writeString(s.resolve("../stack.yaml"), "packages:\n  libb:\n");
        Files.writeString(s.resolve("liba.yaml"), "version: '1.0'\nsources:\n"
                + "  - url: https://nowhere.invalid/liba-1.0.tar.gz\n    key: " + a + "\n"
                + "build_stages:\n  - {name: build, bash: 'true'}\n");
        Files.writeString(s.resolve("libb.yaml"), "version: '2.0'\nsources:\n"
                + "  - url: https://nowhere.invalid/libb-2.0.tar.gz\n    key: " + b + "\n"
                + "dependencies: {build: [liba], run: [liba]}\n"
                + "build_stages:\n  - {name: build, bash: 'true'}\n");
        return s.getParent();
    }

    List<Path> archives() throws IOException {
        if (!Files.exists(store.archivesDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store.archivesDir())) {
            return s.sorted().toList();
        }
    }

    @Test
    void fetchUrlPrintsAReadyToPasteSourcesEntry() throws Exception {
        String a = mirror.resolve("liba-1.0.tar.gz").toUri().toString();
        String b = mirror.resolve("libb-2.0.tar.gz").toUri().toString();
        Cli.Result r = cli().run("fetch", a, b);
        assertEquals(0, r.code(), r.toString());
        assertEquals("sources:\n"
                + "  - url: " + a + "\n    key: " + aKey + "\n"
                + "  - url: " + b + "\n    key: " + bKey + "\n", r.out());
        assertTrue(r.err().contains("fetched " + a + " (9 B)"), r.err());
        assertEquals("archive a", Files.readString(store.archive(aKey), StandardCharsets.UTF_8));
        assertEquals(2, archives().size());

        Cli.Result q = cli().run("-q", "fetch", a);
        assertEquals("", q.err(), "quiet: only the result");
        assertTrue(q.out().startsWith("sources:\n"));
    }

    @Test
    void fetchUrlOfAMissingFileFailsNamingTheUrl() throws Exception {
        String gone = tmp.resolve("gone.tar.gz").toUri().toString();
        Cli.Result r = cli().run("fetch", gone);
        assertEquals(1, r.code(), r.toString());
        assertEquals("hd: cannot fetch " + gone + ": not found\nhint: check the URL\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrors() throws Exception {
        Cli.Result both = cli().run("fetch", "stack", "https://example.org/a.tgz");
        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("either a stack"), both.err());
        Cli.Result badMirror = cli().run("--mirror", "ftp://old.example/pub", "fetch", "https://example.org/a.tgz");
        assertEquals(2, badMirror.code(), badMirror.toString());
        assertTrue(badMirror.err().contains("--mirror ftp://old.example/pub: mirror 'ftp://old.example/pub' has unsupported scheme 'ftp'"),
                badMirror.err());
    }

    @Test
    void fetchStackFromAMirrorThenEverythingIsCached() throws Exception {
        Path s = stack(aKey, bKey);
        // --mirror is inherited: it works after the subcommand as well as before it
        Cli.Result r = cli().run("fetch", "--mirror", mirror.toString(), s.toString());
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertEquals("liba-1.0  liba-1.0.tar.gz  fetched from " + mirror.resolve("liba-1.0.tar.gz") + " (9 B)", lines[0]);
        assertEquals("libb-2.0  libb-2.0.tar.gz  fetched from " + mirror.resolve("libb-2.0.tar.gz") + " (9 B)", lines[1]);
        assertEquals("2 archives: 2 fetched, 0 cached; building needs no network for them", lines[2]);
        assertEquals(List.of(store.archive(aKey), store.archive(bKey)).stream().sorted().toList(), archives());

        Cli.Result again = new Cli(s, storeDir).run("fetch");
        assertEquals(0, again.code(), again.toString());
        assertEquals("liba-1.0  liba-1.0.tar.gz  cached\nlibb-2.0  libb-2.0.tar.gz  cached\n"
                + "2 archives: 0 fetched, 2 cached; building needs no network for them\n", again.out());
    }

    @Test
    void mirrorsComeFromTheStoreConfigToo() throws Exception {
        Path s = stack(aKey, bKey);
        Files.createDirectories(storeDir);
        Files.writeString(store.configFile(), "# where the tarballs are\nmirror = ../mirror\n");
        Cli.Result r = cli().run("fetch", s.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("fetched from " + mirror.resolve("liba-1.0.tar.gz")), r.out());

        Files.writeString(store.configFile(), "mirrors = ../mirror\n");
        Cli.Result bad = cli().run("fetch", s.toString());
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("hd: " + store.configFile() + ":1: unknown key 'mirrors'"), bad.err());
        assertTrue(bad.err().contains("hint: did you mean 'mirror'?"), bad.err());
    }

    @Test
    void aCorruptArchiveInTheMirrorFailsWithTheChecksumErrorAndKeepsNothing() throws Exception {
        Files.writeString(mirror.resolve("libb-2.0.tar.gz"), "archive b, corrupted");
        Path s = stack(aKey, bKey);
        Cli.Result r = cli().run("--mirror", mirror.toString(), "fetch", s.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("liba-1.0  liba-1.0.tar.gz  fetched from " + mirror.resolve("liba-1.0.tar.gz") + " (9 B)\n", r.out());
        assertTrue(r.err().contains("hd: libb-2.0  libb-2.0.tar.gz: checksum mismatch for "
                + mirror.resolve("libb-2.0.tar.gz") + ": expected " + bKey + ", got sha256:"), r.err());
        assertTrue(r.err().contains("hint: the mirror " + mirror + " holds a different file"), r.err());
        assertTrue(r.err().endsWith("hd: could not fetch 1 of 2 archives\nhint: see the messages above\n"), r.err());
        assertEquals(List.of(store.archive(aKey)), archives(), "only the verified archive entered src/");
        assertFalse(Files.exists(store.archive(bKey)));
        try (Stream<Path> d = Files.list(store.downloadsDir())) {
            assertEquals(List.of(), d.toList(), "no partial downloads");
        }
    }

    @Test
    void aStackWithoutArchivesSaysSo() throws Exception {
        Cli.Result r = cli().run("fetch", Path.of("..", "examples").toAbsolutePath().normalize().toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("no archives to fetch\n", r.out());
    }

    @Test
    void progressIsRedrawnOnATerminalAndSkippedPlacesShownWithVerbose() throws Exception {
        Path s = stack(aKey, bKey);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        CliContext tty = new CliContext(tmp, java.util.Map.of("HD_STORE", storeDir.toString(), "TERM", "xterm"),
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), true);
        int code = Main.run(tty, "-v", "--mirror", mirror.toString(), "fetch", s.toString());
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("\r\033[Kfetching liba-1.0.tar.gz  9 B / 9 B (100%)")
                || err.toString().contains("\r\033[Kfetching liba-1.0.tar.gz  0 B / 9 B (0%)"), err.toString());
        assertTrue(err.toString().endsWith("\r\033[K"), "the progress line is cleared: " + err);
        assertTrue(err.toString().contains("  skipped " + mirror.resolve("sha256").resolve(aKey.digest()) + ": not found\n"),
                err.toString());

        Cli.Result plain = cli().run("fetch", "--store", tmp.resolve("other").toString(), "--mirror", mirror.toString(),
                s.toString());
        assertEquals("", plain.err(), "no progress and no skipped places on a pipe without -v");
    }

    @Test
    void yamlScalarsAreQuotedOnlyWhenNeeded() {
        assertEquals("https://h/a-1.0.tar.gz?x=1&y=2", FetchCommand.yamlScalar("https://h/a-1.0.tar.gz?x=1&y=2"));
        assertEquals("'file:///a b/it''s.tgz'", FetchCommand.yamlScalar("file:///a b/it's.tgz"));
    }
}
