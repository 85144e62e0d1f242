package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hd fetch} end to end over a loopback HTTP server, with a real upstream archive. */
class FetchCommandIT {
    @TempDir
    Path tmp;
    HttpServer server;
    String base;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = files.get(ex.getRequestURI().getPath());
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
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static Path sharedSources() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("shared/sources/SHA256SUMS"))) {
                return p.resolve("shared/sources");
            }
        }
        Assumptions.abort("no shared/sources folder: skipping");
        return null;
    }

    @Test
    void fetchUrlOverHttpGivesTheUpstreamKeyAndAStackThenFetchesThroughAnHttpMirror() throws Exception {
        Path shared = sharedSources();
        String name = "zlib-1.2.13.dfsg.tar.bz2";
        String expected = Files.readAllLines(shared.resolve("SHA256SUMS")).stream()
                .filter(l -> l.endsWith("  " + name)).findFirst().orElseThrow().substring(0, 64);
        files.put("/up/" + name, Files.readAllBytes(shared.resolve(name)));

        Cli.Result r = new Cli(tmp, tmp.resolve("store1")).run("fetch", base + "/up/" + name);
        assertEquals(0, r.code(), r.toString());
        assertEquals("sources:\n  - url: " + base + "/up/" + name + "\n    key: sha256:" + expected + "\n", r.out());

        // paste it into a spec whose url has gone away; an http mirror in store layout has it
        files.put("/mirror/sha256/" + expected, files.remove("/up/" + name));
        Path stack = Files.createDirectories(tmp.resolve("stack/pkgs")).getParent();
        Files.writeString(stack.resolve("stack.yaml"), "packages:\n  zlib:\n");
        Files.writeString(stack.resolve("pkgs/zlib.yaml"), "version: 1.2.13\n"
                + r.out().replace(base + "/up/", "https://gone.invalid/")
                + "build_stages:\n  - {name: build, bash: 'true'}\n");
        Cli.Result f = new Cli(stack, tmp.resolve("store2")).run("--mirror", base + "/mirror", "fetch");
        assertEquals(0, f.code(), f.toString());
        assertTrue(f.out().startsWith("zlib-1.2.13  " + name + "  fetched from " + base + "/mirror/sha256/" + expected),
                f.out());
        assertTrue(Files.isRegularFile(tmp.resolve("store2/src/sha256/" + expected)));
    }
}
