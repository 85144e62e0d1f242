package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.util.List;

/**
 * What a build reports while it runs; the CLI renders it. Every method has a no-op default.
 * Methods are called from the builder's worker threads, several at once: implementations
 * must be thread-safe.
 */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() {
    };

    /** Before anything runs: how many packages the stack has and which are missing. */
    default void planned(int total, List<ResolvedPackage> toBuild) {
    }

    /** A worker took the package (it may still have to wait for its lock). */
    default void started(ResolvedPackage pkg) {
    }

    /** Another hd process (or thread) is building the same artifact; this one waits for it. */
    default void waiting(ResolvedPackage pkg) {
    }

    /** The artifact was finished by someone else while this build waited: nothing to do. */
    default void reused(ResolvedPackage pkg) {
    }

    /** A build stage began ("sources" is hd's own stage that unpacks the sources). */
    default void stage(ResolvedPackage pkg, String stage) {
    }

    /** Whether {@link #logLine} should be called; the lines are always in the log file. */
    default boolean wantsLogLines() {
        return false;
    }

    /** One line of the build's output. */
    default void logLine(ResolvedPackage pkg, String line) {
    }

    /** The artifact was published. */
    default void finished(ResolvedPackage pkg, long millis) {
    }

    /** The package could not be built. */
    default void failed(BuildFailure failure) {
    }

    /** Progress of a source download ({@code total} is -1 when unknown). */
    default void download(String url, long bytes, long total) {
    }

    /**
     * Progress of a source download for the build of {@code pkg} ({@code total} is -1 when
     * unknown). The builder calls this one; by default it forwards to
     * {@link #download(String, long, long)}, for listeners that do not care which package.
     */
    default void download(ResolvedPackage pkg, String url, long bytes, long total) {
        download(url, bytes, total);
    }
}
