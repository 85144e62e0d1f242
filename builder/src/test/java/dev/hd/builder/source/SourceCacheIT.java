package dev.hd.builder.source;

import static dev.hd.builder.Hints.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import dev.hd.resolver.Source;
import dev.hd.resolver.SourceKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source cache against a real HTTP server on the loopback interface. */
class SourceCacheIT {
    static final byte[] GOOD = "the real tarball, served over http".getBytes(StandardCharsets.UTF_8);
    static final byte[] BAD = "a corrupted copy of the tarball".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    HttpServer server;
    String base;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    Store store;
    SourceKey goodKey;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            requests.add(path);
            try (ex) {
                if (path.equals("/old/pkg-1.0.tar.gz")) {
                    ex.getResponseHeaders().add("Location", "/up/pkg-1.0.tar.gz");
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                if (path.startsWith("/broken/")) {
                    ex.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] body = files.get(path);
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        store = new Store(tmp.resolve("store"));
        goodKey = SourceCache.hash(Files.write(tmp.resolve("probe"), GOOD));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    SourceCache cache(Mirror... mirrors) {
        return new SourceCache(store, List.of(mirrors), Fetcher.standard());
    }

    Source.Archive archive(String url) {
        return new Source.Archive(goodKey, url, ".", true);
    }

    void assertSrcAndTmpClean() throws IOException {
        for (Path d : List.of(store.archivesDir(), store.downloadsDir())) {
            if (Files.exists(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    assertEquals(List.of(), s.toList(), d + " is not clean");
                }
            }
        }
    }

    @Test
    void fetchesOverHttpWithProgress() throws Exception {
        files.put("/up/pkg-1.0.tar.gz", GOOD);
        List<String> events = new ArrayList<>();
        FetchListener l = new FetchListener() {
            @Override
            public void started(String url, long total) {
                events.add("started " + total);
            }

            @Override
            public void progress(String url, long bytes, long total) {
                events.add("progress " + bytes + "/" + total);
            }

            @Override
            public void done(String url) {
                events.add("done");
            }
        };
        SourceCache.Fetched f = cache().fetch(archive(base + "/up/pkg-1.0.tar.gz"), l);
        assertEquals(base + "/up/pkg-1.0.tar.gz", f.from());
        assertEquals(new String(GOOD, StandardCharsets.UTF_8), Files.readString(store.archive(goodKey)));
        assertEquals(List.of("started " + GOOD.length, "progress " + GOOD.length + "/" + GOOD.length, "done"), events);
    }

    @Test
    void aCorruptedArchiveOnAMirrorGivesTheChecksumErrorAndSrcStaysClean() throws Exception {
        files.put("/mirror/sha256/" + goodKey.digest(), BAD);
        files.put("/up/pkg-1.0.tar.gz", GOOD);
        HdException e = hinted(HdException.class, () -> cache(new Mirror.Remote(URI.create(base + "/mirror")))
                .ensure(archive(base + "/up/pkg-1.0.tar.gz"), FetchListener.NONE));
        String bad = SourceCache.hash(Files.write(tmp.resolve("bad"), BAD)).toString();
        assertEquals("checksum mismatch for " + base + "/mirror/sha256/" + goodKey.digest() + ": expected " + goodKey
                + ", got " + bad + " (" + BAD.length + " bytes)", e.getMessage());
        assertTrue(e.hint().contains("the mirror " + base + "/mirror holds a different file"), e.hint());
        assertEquals(List.of("/mirror/sha256/" + goodKey.digest()), requests);
        assertSrcAndTmpClean();
    }

    @Test
    void aCorruptedArchiveAtItsOwnUrlGivesTheChecksumError() throws Exception {
        files.put("/up/pkg-1.0.tar.gz", BAD);
        HdException e = hinted(HdException.class,
                () -> cache().ensure(archive(base + "/up/pkg-1.0.tar.gz"), FetchListener.NONE));
        assertTrue(e.getMessage().startsWith("checksum mismatch for " + base + "/up/pkg-1.0.tar.gz: expected "
                + goodKey + ", got sha256:"), e.getMessage());
        assertSrcAndTmpClean();
    }

    @Test
    void notFoundServerErrorsAndRefusedConnectionsNameTheUrl() throws Exception {
        HdException nf = hinted(HdException.class,
                () -> cache().ensure(archive(base + "/up/missing.tar.gz"), FetchListener.NONE));
        assertTrue(nf.getMessage().contains(base + "/up/missing.tar.gz: not found"), nf.getMessage());

        HdException five = hinted(HdException.class,
                () -> cache().ensure(archive(base + "/broken/pkg.tar.gz"), FetchListener.NONE));
        assertTrue(five.getMessage().contains(base + "/broken/pkg.tar.gz: the server answered HTTP 500"), five.getMessage());

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String refusedUrl = "http://127.0.0.1:" + closed + "/pkg.tar.gz";
        HdException refused = hinted(HdException.class,
                () -> Fetcher.standard().open(URI.create(refusedUrl)));
        assertTrue(refused.getMessage().startsWith("cannot fetch " + refusedUrl + ": "), refused.getMessage());
        assertTrue(refused.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection refused"), refused.getMessage());
        // .invalid never resolves (RFC 6761)
        HdException unknown = hinted(HdException.class,
                () -> Fetcher.standard().open(URI.create("http://no-such-host.invalid/pkg.tar.gz")));
        assertEquals("cannot fetch http://no-such-host.invalid/pkg.tar.gz: unknown host no-such-host.invalid",
                unknown.getMessage());
        assertSrcAndTmpClean();
    }

    @Test
    void followsRedirects() throws Exception {
        files.put("/up/pkg-1.0.tar.gz", GOOD);
        assertEquals(store.archive(goodKey), cache().ensure(archive(base + "/old/pkg-1.0.tar.gz"), FetchListener.NONE));
        assertEquals(List.of("/old/pkg-1.0.tar.gz", "/up/pkg-1.0.tar.gz"), requests);
    }

    @Test
    void aMirrorServingTheStoreLayoutIsUsedBeforeTheUrl() throws Exception {
        files.put("/mirror/sha256/" + goodKey.digest(), GOOD);
        SourceCache.Fetched f = cache(new Mirror.Remote(URI.create(base + "/mirror/")))
                .fetch(archive("https://unreachable.invalid/pkg-1.0.tar.gz"), FetchListener.NONE);
        assertEquals(base + "/mirror/sha256/" + goodKey.digest(), f.from());
    }

    @Test
    void fetchUrlOverHttpStoresUnderTheDigest() throws Exception {
        files.put("/up/new.tar.gz", GOOD);
        SourceCache.Fetched f = cache().fetchUrl(base + "/up/new.tar.gz", FetchListener.NONE);
        assertEquals(goodKey, f.key());
        assertTrue(Files.isRegularFile(store.archive(goodKey)));
        try (Stream<Path> s = Files.list(store.downloadsDir())) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void concurrentFetchesOfOneArchiveDownloadItOnce() throws Exception {
        files.put("/up/pkg-1.0.tar.gz", GOOD);
        SourceCache a = cache();
        SourceCache b = cache();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SourceCache c = i % 2 == 0 ? a : b;
                got.add(pool.submit(() -> c.ensure(archive(base + "/up/pkg-1.0.tar.gz"), FetchListener.NONE)));
            }
            for (Future<Path> f : got) {
                assertEquals(store.archive(goodKey), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, requests.size(), requests.toString());
        assertFalse(Files.exists(store.partialArchive(goodKey)));
    }

    @Test
    void aRealArchiveFromTheSharedFolderServedOverHttpUnpacks() throws Exception {
        Path shared = SharedSources.require();
        Path zlib = shared.resolve("zlib-1.2.13.dfsg.tar.bz2");
        SourceKey key = SourceCache.hash(zlib);
        files.put("/mirror/zlib-1.2.13.dfsg.tar.bz2", Files.readAllBytes(zlib));
        Path got = cache(new Mirror.Remote(URI.create(base + "/mirror")))
                .ensure(new Source.Archive(key, "https://zlib.net/zlib-1.2.13.dfsg.tar.bz2", ".", true), FetchListener.NONE);
        Unpacker.unpack(got, tmp.resolve("build"), true);
        assertTrue(Files.isRegularFile(tmp.resolve("build/zlib.h")));
    }
}
