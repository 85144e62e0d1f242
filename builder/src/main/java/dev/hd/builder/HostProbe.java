package dev.hd.builder;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ProbeRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs host packages' {@code probe:} commands with bash, in a clean environment (the same
 * base PATH builds get), and returns what they print. A probe that fails, or runs longer than
 * a minute, means the host lacks the software: an error naming the package and its output.
 */
public final class HostProbe implements ProbeRunner {
    static final long TIMEOUT_SECONDS = 60;
    private final Map<String, String> env;

    /** @param env the probe's whole environment (e.g. PATH, HOME, LANG) */
    public HostProbe(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A probe environment with the system's standard PATH and {@code LANG=C}. */
    public static HostProbe standard(String home) {
        return new HostProbe(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C", "LC_ALL", "C",
                "HOME", home == null ? "/" : home));
    }

    @Override
    public String run(String packageName, String command) throws HdException {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HdException("cannot run the probe of host package '" + packageName + "': " + e.getMessage(),
                    "probes run with /bin/bash: check that it exists");
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new HdException("the probe of host package '" + packageName + "' ran longer than "
                        + TIMEOUT_SECONDS + " s", "a probe should only print versions and paths");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HdException("interrupted while probing host package '" + packageName + "'",
                    "run the command again");
        }
        if (p.exitValue() != 0) {
            String msg = err.join().strip();
            throw new HdException("the probe of host package '" + packageName + "' failed (exit " + p.exitValue()
                    + ")" + (msg.isEmpty() ? "" : ": " + msg.lines().reduce((a, b) -> b).orElse("")),
                    "the host lacks this software, or the probe is wrong; the probe was:\n  "
                            + command.strip().replace("\n", "\n  "));
        }
        return out;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
