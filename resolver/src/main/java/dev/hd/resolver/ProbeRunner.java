package dev.hd.resolver;

/**
 * Runs a host package's {@code probe:} command and returns what it printed. The resolver
 * hashes that output, so a system upgrade changes the ids of everything above the host
 * package. Supplied by the caller: the resolver itself never starts processes.
 */
@FunctionalInterface
public interface ProbeRunner {

    /**
     * @param packageName the host package
     * @param command     the bash text of its probe, parameters expanded
     * @return the probe's standard output
     * @throws HdException when the probe fails (the host lacks the package)
     */
    String run(String packageName, String command) throws HdException;

    /** A runner for contexts without processes: every probe fails with a clear message. */
    ProbeRunner NONE = (name, command) -> {
        throw new HdException("host package '" + name + "' needs its probe run, and probes are off here",
                "resolve the stack with 'hd resolve' or 'hd build', which run host probes");
    };
}
