package dev.hd.builder.source;

import static dev.hd.builder.Hints.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import dev.hd.resolver.Source;
import dev.hd.resolver.SourceKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCacheTest {
    static final byte[] GOOD = "the real tarball".getBytes(StandardCharsets.UTF_8);
    static final byte[] BAD = "a tampered tarball".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Store store;
    SourceKey goodKey;

    @BeforeEach
    void setUp() throws IOException {
        store = new Store(tmp.resolve("store"));
        goodKey = SourceCache.hash(Files.write(tmp.resolve("probe"), GOOD));
    }

    /** A fetcher serving a fixed map of URLs and recording every request, in order. */
    static final class FakeFetcher implements Fetcher {
        final Map<String, byte[]> files = new HashMap<>();
        final Map<String, String> broken = new HashMap<>();
        final List<String> requests = new ArrayList<>();

        FakeFetcher serve(String url, byte[] body) {
            files.put(url, body);
            return this;
        }

        @Override
        public Optional<Download> open(URI url) throws HdException {
            requests.add(url.toString());
            if (broken.containsKey(url.toString())) {
                throw new HdException("cannot fetch " + url + ": " + broken.get(url.toString()));
            }
            byte[] b = files.get(url.toString());
            return b == null ? Optional.empty() : Optional.of(new Download(new ByteArrayInputStream(b), b.length));
        }
    }

    /** Records what a listener is told. */
    static final class Events implements FetchListener {
        final List<String> log = new ArrayList<>();

        @Override
        public void started(String url, long total) {
            log.add("started " + url + " " + total);
        }

        @Override
        public void done(String url) {
            log.add("done " + url);
        }

        @Override
        public void skipped(String url, String reason) {
            log.add("skipped " + url + ": " + reason);
        }
    }

    SourceCache cache(List<Mirror> mirrors, Fetcher f) {
        return new SourceCache(store, mirrors, f);
    }

    Source.Archive archive(SourceKey key, String url) {
        return new Source.Archive(key, url, ".", true);
    }

    /** The store holds nothing but verified archives: no partial files, nothing unexpected. */
    void assertStoreClean() throws IOException {
        for (Path dir : List.of(store.downloadsDir(), store.archivesDir())) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        assertEquals(p.getFileName().toString(), SourceCache.hash(p).digest(), "unverified file " + p);
                    }
                }
            }
        }
        if (Files.exists(store.downloadsDir())) {
            try (Stream<Path> s = Files.list(store.downloadsDir())) {
                assertEquals(List.of(), s.toList(), "partial downloads left behind");
            }
        }
    }

    @Test
    void hashIsSha256OfTheContent() throws IOException {
        Path f = Files.writeString(tmp.resolve("abc"), "abc");
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                SourceCache.hash(f).toString());
    }

    @Test
    void fetchesFromAFileUrlVerifiesAndStoresReadOnly() throws Exception {
        Path up = Files.write(tmp.resolve("pkg-1.0.tar.gz"), GOOD);
        SourceCache c = cache(List.of(), Fetcher.standard());
        Events ev = new Events();
        SourceCache.Fetched f = c.fetch(archive(goodKey, up.toUri().toString()), ev);
        assertEquals(store.archive(goodKey), f.file());
        assertEquals(up.toUri().toString(), f.from());
        assertEquals(GOOD.length, f.size());
        assertEquals(new String(GOOD, StandardCharsets.UTF_8), Files.readString(f.file()));
        assertEquals("r--r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f.file())), "archives are read-only");
        assertEquals(List.of("started " + up.toUri() + " " + GOOD.length, "done " + up.toUri()), ev.log);
        assertStoreClean();

        SourceCache.Fetched again = c.fetch(archive(goodKey, "file:///nowhere/pkg.tar.gz"), ev);
        assertTrue(again.cached());
        assertNull(again.from());
        assertEquals(f.file(), c.ensure(archive(goodKey, "file:///nowhere/pkg.tar.gz"), FetchListener.NONE));
    }

    @Test
    void aMismatchNamesUrlAndBothDigestsAndKeepsNothing() throws Exception {
        Path up = Files.write(tmp.resolve("pkg-1.0.tar.gz"), BAD);
        SourceKey badKey = SourceCache.hash(up);
        HdException e = hinted(HdException.class,
                () -> cache(List.of(), Fetcher.standard()).ensure(archive(goodKey, up.toUri().toString()), FetchListener.NONE));
        assertEquals("checksum mismatch for " + up.toUri() + ": expected " + goodKey + ", got " + badKey
                + " (" + BAD.length + " bytes)", e.getMessage());
        assertTrue(e.hint().contains("update the key"), e.hint());
        assertFalse(Files.exists(store.archive(goodKey)));
        assertFalse(Files.exists(store.archive(badKey)), "the wrong file is not kept under its own digest either");
        assertStoreClean();
    }

    @Test
    void directoryMirrorsAreSearchedByStoreLayoutBySha256SumsAndByBasename() throws Exception {
        String url = "https://example.org/dl/pkg-1.0.tar.gz";
        FakeFetcher net = new FakeFetcher();

        Path byKey = tmp.resolve("m1");
        Files.createDirectories(byKey.resolve("sha256"));
        Files.write(byKey.resolve("sha256").resolve(goodKey.digest()), GOOD);
        assertEquals(byKey.resolve("sha256").resolve(goodKey.digest()).toString(),
                cache(List.of(new Mirror.Directory(byKey)), net).fetch(archive(goodKey, url), FetchListener.NONE).from());

        store = new Store(tmp.resolve("store2"));
        Path bySums = tmp.resolve("m2");
        Files.createDirectories(bySums);
        Files.write(bySums.resolve("pkg_1.0.orig.tar.gz"), GOOD);
        Files.writeString(bySums.resolve(Mirror.SUMS_FILE), "0".repeat(64) + "  other.tar.gz\n"
                + goodKey.digest() + "  pkg_1.0.orig.tar.gz\n");
        assertEquals(bySums.resolve("pkg_1.0.orig.tar.gz").toString(),
                cache(List.of(new Mirror.Directory(bySums)), net).fetch(archive(goodKey, url), FetchListener.NONE).from());

        store = new Store(tmp.resolve("store3"));
        Path byName = tmp.resolve("m3");
        Files.createDirectories(byName);
        Files.write(byName.resolve("pkg-1.0.tar.gz"), GOOD);
        assertEquals(byName.resolve("pkg-1.0.tar.gz").toString(),
                cache(List.of(new Mirror.Directory(byName)), net).fetch(archive(goodKey, url), FetchListener.NONE).from());
        assertEquals(List.of(), net.requests, "the network was not needed");
    }

    @Test
    void mirrorsAreTriedInOrderBeforeTheOwnUrl() throws Exception {
        FakeFetcher net = new FakeFetcher().serve("https://up.example/x/pkg-1.0.tar.gz", GOOD);
        net.broken.put("http://m2.example/sha256/" + goodKey.digest(), "connection refused");
        Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
        List<Mirror> mirrors = List.of(new Mirror.Remote(URI.create("http://m1.example/base/")),
                new Mirror.Directory(emptyDir), new Mirror.Remote(URI.create("http://m2.example")));
        Events ev = new Events();
        SourceCache.Fetched f = cache(mirrors, net).fetch(archive(goodKey, "https://up.example/x/pkg-1.0.tar.gz"), ev);
        assertEquals("https://up.example/x/pkg-1.0.tar.gz", f.from());
        assertEquals(List.of(
                "http://m1.example/base/sha256/" + goodKey.digest(),
                "http://m1.example/base/pkg-1.0.tar.gz",
                "http://m2.example/sha256/" + goodKey.digest(),
                "http://m2.example/pkg-1.0.tar.gz",
                "https://up.example/x/pkg-1.0.tar.gz"), net.requests);
        assertTrue(ev.log.contains("skipped " + emptyDir.resolve("pkg-1.0.tar.gz") + ": not found"), ev.log.toString());
        assertTrue(ev.log.contains("skipped http://m2.example/sha256/" + goodKey.digest() + ": connection refused"),
                ev.log.toString());
        assertStoreClean();
    }

    @Test
    void aCorruptFileInAMirrorIsAnErrorNamingTheMirrorEvenWhenTheUrlWouldServeTheRightOne() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Files.write(mirror.resolve("pkg-1.0.tar.gz"), BAD);
        FakeFetcher net = new FakeFetcher().serve("https://up.example/pkg-1.0.tar.gz", GOOD);
        HdException e = hinted(HdException.class, () -> cache(List.of(new Mirror.Directory(mirror)), net)
                .ensure(archive(goodKey, "https://up.example/pkg-1.0.tar.gz"), FetchListener.NONE));
        assertTrue(e.getMessage().startsWith("checksum mismatch for " + mirror.resolve("pkg-1.0.tar.gz")
                + ": expected " + goodKey + ", got sha256:"), e.getMessage());
        assertTrue(e.hint().contains("the mirror " + mirror + " holds a different file"), e.hint());
        assertEquals(List.of(), net.requests, "no fall-through to the next place");
        assertFalse(Files.exists(store.archive(goodKey)));
        assertStoreClean();
    }

    @Test
    void whenNoPlaceHasItTheErrorListsEveryPlaceAndWhy() throws Exception {
        FakeFetcher net = new FakeFetcher();
        net.broken.put("https://up.example/pkg-1.0.tar.gz", "connection refused");
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        HdException e = hinted(HdException.class, () -> cache(List.of(new Mirror.Directory(mirror)), net)
                .ensure(archive(goodKey, "https://up.example/pkg-1.0.tar.gz"), FetchListener.NONE));
        assertEquals("cannot fetch pkg-1.0.tar.gz (" + goodKey + "), tried:\n"
                + "  " + mirror.resolve("sha256").resolve(goodKey.digest()) + ": not found\n"
                + "  " + mirror.resolve("pkg-1.0.tar.gz") + ": not found\n"
                + "  https://up.example/pkg-1.0.tar.gz: connection refused", e.getMessage());
        assertTrue(e.hint().contains("--mirror"), e.hint());
        assertStoreClean();
    }

    @Test
    void aTransferThatBreaksOffIsSkippedAndLeavesNoPartialFile() throws Exception {
        Fetcher flaky = url -> {
            if (url.getHost().equals("flaky.example")) {
                InputStream dies = new InputStream() {
                    int n;

                    @Override
                    public int read() throws IOException {
                        if (n++ < 5) {
                            return 'x';
                        }
                        throw new IOException("connection reset");
                    }
                };
                return Optional.of(new Fetcher.Download(dies, 100));
            }
            return Optional.of(new Fetcher.Download(new ByteArrayInputStream(GOOD), GOOD.length));
        };
        Events ev = new Events();
        SourceCache.Fetched f = cache(List.of(new Mirror.Remote(URI.create("https://flaky.example"))), flaky)
                .fetch(archive(goodKey, "https://up.example/p.tgz"), ev);
        assertEquals("https://up.example/p.tgz", f.from());
        assertTrue(ev.log.stream().anyMatch(s -> s.startsWith("skipped https://flaky.example/sha256/")
                && s.contains("broke off after 5 bytes")), ev.log.toString());
        assertStoreClean();
    }

    @Test
    void aPartialFileLeftByACrashIsReplaced() throws Exception {
        Files.createDirectories(store.downloadsDir());
        Files.writeString(store.partialArchive(goodKey), "half a tarb");
        Path up = Files.write(tmp.resolve("p.tgz"), GOOD);
        Path got = cache(List.of(), Fetcher.standard()).ensure(archive(goodKey, up.toUri().toString()), FetchListener.NONE);
        assertEquals(new String(GOOD, StandardCharsets.UTF_8), Files.readString(got));
        assertStoreClean();
    }

    @Test
    void anArchiveInTheCacheIsTrustedWithoutAsking() throws Exception {
        Files.createDirectories(store.archivesDir());
        Files.write(store.archive(goodKey), GOOD);
        FakeFetcher net = new FakeFetcher();
        assertTrue(cache(List.of(new Mirror.Remote(URI.create("http://m.example"))), net)
                .fetch(archive(goodKey, "https://up.example/p.tgz"), FetchListener.NONE).cached());
        assertEquals(List.of(), net.requests);
    }

    @Test
    void fetchAllSkipsDuplicatesAndReportsEveryFailure() throws Exception {
        Path up = Files.write(tmp.resolve("good.tgz"), GOOD);
        SourceKey missing = SourceKey.sha256("1".repeat(64));
        SourceKey other = SourceKey.sha256("2".repeat(64));
        SourceCache.Report r = cache(List.of(), Fetcher.standard()).fetchAll(List.of(
                archive(missing, "file:///nonexistent/a.tgz"),
                archive(goodKey, up.toUri().toString()),
                archive(goodKey, up.toUri().toString()),
                archive(other, "file:///nonexistent/b.tgz")), FetchListener.NONE);
        assertFalse(r.ok());
        assertEquals(1, r.fetched().size());
        assertEquals(goodKey, r.fetched().get(0).key());
        assertEquals(List.of(missing, other), r.failed().stream().map(x -> x.archive().key()).toList());
        assertTrue(r.failed().get(0).error().getMessage().contains("file:///nonexistent/a.tgz: not found"),
                r.failed().get(0).error().getMessage());
    }

    @Test
    void fetchUrlLearnsTheKeyOfWhatTheUrlServes() throws Exception {
        FakeFetcher net = new FakeFetcher().serve("https://up.example/new-2.0.tar.gz", GOOD);
        SourceCache c = cache(List.of(new Mirror.Remote(URI.create("http://m.example"))), net);
        SourceCache.Fetched f = c.fetchUrl("https://up.example/new-2.0.tar.gz", FetchListener.NONE);
        assertEquals(goodKey, f.key());
        assertTrue(c.contains(goodKey));
        assertEquals(List.of("https://up.example/new-2.0.tar.gz"), net.requests, "mirrors are not asked");
        assertStoreClean();

        HdException nf = hinted(HdException.class, () -> c.fetchUrl("https://up.example/gone.tgz", FetchListener.NONE));
        assertEquals("cannot fetch https://up.example/gone.tgz: not found", nf.getMessage());
        HdException bad = hinted(HdException.class, () -> c.fetchUrl("ftp://up.example/x.tgz", FetchListener.NONE));
        assertTrue(bad.getMessage().contains("not an http:, https: or file: URL"), bad.getMessage());
        assertStoreClean();
    }

    @Test
    void mirrorsParseFromDirectoriesAndUrls() throws Exception {
        assertEquals(new Mirror.Directory(tmp.resolve("rel/dir")), Mirror.parse("rel/dir", tmp));
        assertEquals(new Mirror.Directory(Path.of("/srv/m")), Mirror.parse("file:///srv/m", tmp));
        assertEquals(new Mirror.Remote(URI.create("https://m.example/src")), Mirror.parse(" https://m.example/src ", tmp));
        assertTrue(hinted(HdException.class, () -> Mirror.parse("ftp://m.example", tmp))
                .getMessage().contains("unsupported scheme 'ftp'"));
        assertTrue(hinted(HdException.class, () -> Mirror.parse("", tmp)).getMessage().contains("empty mirror"));
        assertTrue(hinted(HdException.class, () -> Mirror.parse("https://", tmp)).getMessage().contains("https://"));
        assertNull(Mirror.problem("/abs/dir"));
        assertEquals("pkg-1.0.tar.gz", Mirror.basename("https://h/a/pkg-1.0.tar.gz?x=1"));
        assertNull(Mirror.basename("https://h/a/"));
    }
}
