package dev.hd.builder.source;

/**
 * Progress of the source cache, for the CLI to render. {@code url} is where bytes come from:
 * a URL, or a file path for a directory mirror. Every method has a no-op default, so a
 * listener implements only what it shows. Calls come from the fetching thread.
 */
public interface FetchListener {
    /** Does nothing: for callers that show no progress. */
    FetchListener NONE = new FetchListener() { };

    /** A transfer begins; {@code total} is its size in bytes, or -1 when unknown. */
    default void started(String url, long total) {
    }

    /** {@code bytes} of {@code total} (-1 when unknown) have arrived so far. */
    default void progress(String url, long bytes, long total) {
    }

    /** The transfer from {@code url} has ended (whether or not its digest then matched). */
    default void done(String url) {
    }

    /**
     * A place was tried and had nothing usable: not found there, or unreachable. The next
     * mirror (or the archive's own url) is tried after this; {@code reason} says why.
     */
    default void skipped(String url, String reason) {
    }
}
