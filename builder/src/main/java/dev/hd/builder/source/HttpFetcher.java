package dev.hd.builder.source;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The standard {@link Fetcher}: {@code java.net.http} for http(s), following redirects (never
 * from https down to http), and plain file reads for {@code file:} URLs.
 */
final class HttpFetcher implements Fetcher {
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    // Made on first use: starting an HttpClient costs threads and milliseconds that a build
    // whose archives are all cached should not pay.
    private HttpClient client;

    HttpFetcher(Duration connectTimeout, Duration responseTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(connectTimeout)
                    .build();
        }
        return client;
    }

    @Override
    public Optional<Download> open(URI url) throws HdException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> openHttp(url);
            case "file" -> openFile(url);
            default -> throw new HdException("cannot fetch " + url + ": unsupported URL scheme '" + scheme + "'",
                    "use an http:, https: or file: URL");
        };
    }

    private Optional<Download> openHttp(URI url) throws HdException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(responseTimeout)
                .header("User-Agent", "hd")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new HdException("cannot fetch " + url + ": connection timed out after "
                    + connectTimeout.toSeconds() + " s", "check the network, or add a mirror that has the file", e);
        } catch (HttpTimeoutException e) {
            throw new HdException("cannot fetch " + url + ": no response within " + responseTimeout.toSeconds() + " s",
                    "check the network, or add a mirror that has the file", e);
        } catch (ConnectException e) {
            String why = unresolved(e) ? "unknown host " + url.getHost()
                    : e.getMessage() == null || e.getMessage().isEmpty() ? "connection refused" : e.getMessage();
            throw new HdException("cannot fetch " + url + ": " + why,
                    "check the URL and the network, or add a mirror that has the file", e);
        } catch (IOException e) {
            throw new HdException("cannot fetch " + url + ": " + describe(e),
                    "check the URL and the network, or add a mirror that has the file", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HdException("fetching " + url + " was interrupted", "run the command again to fetch it", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            return Optional.of(new Download(response.body(), size));
        }
        close(response.body());
        if (status == 404 || status == 410) {
            return Optional.empty();
        }
        throw new HdException("cannot fetch " + url + ": the server answered HTTP " + status,
                status >= 500 ? "the server has trouble: try again later, or add a mirror that has the file"
                        : "check the URL, or add a mirror that has the file");
    }

    private static Optional<Download> openFile(URI url) throws HdException {
        Path p;
        try {
            p = Path.of(url);
        } catch (IllegalArgumentException e) {
            throw new HdException("cannot fetch " + url + ": not a usable file URL (" + e.getMessage() + ")",
                    "write file URLs with an absolute path: file:///path/to/file", e);
        }
        if (Files.isDirectory(p)) {
            throw new HdException("cannot fetch " + url + ": it is a directory, not a file",
                    "give the URL of the archive file itself");
        }
        try {
            InputStream in = Files.newInputStream(p);
            return Optional.of(new Download(in, Files.size(p)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new HdException("cannot fetch " + url + ": permission denied",
                    "make the file readable for you, or put it on a mirror you can read", e);
        } catch (IOException e) {
            throw new HdException("cannot fetch " + url + ": " + describe(e),
                    "check that the file is readable, or add a mirror that has it", e);
        }
    }

    /** Whether the host name did not resolve (HttpClient reports that as a ConnectException). */
    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it; there is nothing to report
        }
    }
}
