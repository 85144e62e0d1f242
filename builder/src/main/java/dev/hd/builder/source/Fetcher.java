package dev.hd.builder.source;

import dev.hd.resolver.HdException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens a URL for reading. The source cache does the hashing and the storing; a fetcher only
 * moves bytes. {@link #standard()} handles {@code http:}, {@code https:} and {@code file:}.
 */
public interface Fetcher {

    /**
     * Opens {@code url}.
     *
     * @return the body, or empty when the server or filesystem says there is no such file
     *         (HTTP 404 or 410, a missing file): the caller then tries elsewhere
     * @throws HdException any other failure (connection refused, a timeout, HTTP 500, an
     *                     unsupported scheme), with a message naming the url
     */
    Optional<Download> open(URI url) throws HdException;

    /** An open body and its size in bytes (-1 when the server does not say). */
    record Download(InputStream body, long size) implements Closeable {
        public Download {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** http(s) with redirects and 30 s connect and response timeouts, and {@code file:}. */
    static Fetcher standard() {
        return new HttpFetcher(Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
