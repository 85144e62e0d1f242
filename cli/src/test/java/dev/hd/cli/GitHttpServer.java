package dev.hd.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: git's smart HTTP protocol on a loopback port, served by {@code git http-backend}
 * behind the JDK's {@link HttpServer} (a tiny CGI shim), for the repositories below a root
 * directory: {@code http://127.0.0.1:PORT/NAME} serves {@code ROOT/NAME}. No test dependency
 * beyond git itself; the test is skipped when git has no http-backend.
 */
final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "git-http");
        t.setDaemon(true);
        return t;
    });
    private final Path backend;
    private final Path root;

    GitHttpServer(Path root) throws IOException, InterruptedException {
        this.root = root;
        this.backend = backend();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of repository {@code name} below the root. */
    String url(String name) {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/" + name;
    }

    private static Path backend() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
        String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        Path b = Path.of(dir, "git-http-backend");
        Assumptions.assumeTrue(Files.isExecutable(b), "git has no http-backend here: skipping the http tests");
        return b;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ProcessBuilder pb = new ProcessBuilder(backend.toString());
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/bin:/bin");
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_CONFIG_GLOBAL", "/dev/null");
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", ex.getRequestMethod());
            env.put("PATH_INFO", ex.getRequestURI().getPath());
            env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
            env.put("REMOTE_ADDR", "127.0.0.1");
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                env.put("CONTENT_TYPE", type);
            }
            String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
            if (enc != null) {
                env.put("HTTP_CONTENT_ENCODING", enc);
            }
            String proto = ex.getRequestHeaders().getFirst("Git-Protocol");
            if (proto != null) {
                env.put("GIT_PROTOCOL", proto);
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            env.put("CONTENT_LENGTH", String.valueOf(body.length));
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            pool.execute(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(body);
                } catch (IOException e) {
                    // the backend stopped reading: its response says why
                }
            });
            InputStream out = p.getInputStream();
            int status = 200;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                line.reset();
                int c;
                while ((c = out.read()) >= 0 && c != '\n') {
                    if (c != '\r') {
                        line.write(c);
                    }
                }
                String h = line.toString(StandardCharsets.ISO_8859_1);
                if (c < 0 || h.isEmpty()) {
                    break;
                }
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    ex.getResponseHeaders().add(name, value);
                }
            }
            byte[] rest = out.readAllBytes();
            p.waitFor();
            ex.sendResponseHeaders(status, rest.length == 0 ? -1 : rest.length);
            if (rest.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
