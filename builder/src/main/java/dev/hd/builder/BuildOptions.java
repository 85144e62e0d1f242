package dev.hd.builder;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a {@link Builder} runs.
 *
 * @param jobs             packages built at once (at least 1); also {@code HD_JOBS} in builds
 * @param keepGoing        after a failure, keep building what does not depend on it
 * @param hostEnv          variables passed through from the host into every build before hd's
 *                         own (e.g. {@code TERM}); never {@code HOME}, {@code PATH} or anything
 *                         hd sets itself, which override these
 * @param sourceDateEpoch  {@code SOURCE_DATE_EPOCH} of every build (seconds since 1970)
 */
public record BuildOptions(int jobs, boolean keepGoing, Map<String, String> hostEnv, long sourceDateEpoch) {
    /** 1980-01-01T00:00:00Z: the oldest time a zip file can hold, as Nix and Debian use. */
    public static final long DEFAULT_SOURCE_DATE_EPOCH = 315532800L;

    public BuildOptions {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (sourceDateEpoch < 0) {
            throw new IllegalArgumentException("sourceDateEpoch must not be negative, got " + sourceDateEpoch);
        }
        hostEnv = java.util.Collections.unmodifiableMap(new TreeMap<>(hostEnv));
    }

    /** {@code jobs} at once, stop at the first failure, no host variables. */
    public static BuildOptions defaults(int jobs) {
        return new BuildOptions(jobs, false, Map.of(), DEFAULT_SOURCE_DATE_EPOCH);
    }

    public BuildOptions withKeepGoing(boolean k) {
        return new BuildOptions(jobs, k, hostEnv, sourceDateEpoch);
    }
}
