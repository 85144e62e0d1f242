package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs one build script with bash and feeds its output to the log and the listener.
 *
 * <p>When {@code setsid} exists the build runs in its own process group, with a watchdog
 * that kills the whole group as soon as hd's end of the build's stdin closes: when hd dies
 * (even by SIGKILL) no build process outlives it to write into a directory the next hd run
 * is about to clean up, and after a normal end no background process of the build lingers.
 * The script itself gets {@code /dev/null} as stdin.
 */
final class BuildProcess {
    static final Path BASH = Path.of("/bin/bash");
    static final Path SETSID = Path.of("/usr/bin/setsid");
    /**
     * Starts the watchdog, then runs the script ($1) in this shell. (The {@code || :} matters:
     * under {@code bash -e} a failing {@code read} at end of input would end the watchdog.)
     */
    static final String WATCHDOG = "exec 9<&0 </dev/null\n"
            + "{ read -r _ <&9 || :; kill -KILL 0; } >/dev/null 2>&1 &\n"
            + "exec 9<&-\n"
            + ". \"$1\"\n";

    /** What a finished script left behind. */
    record Exit(int code, String lastStage) {
    }

    private final boolean isolate;
    private final ExecutorService pumps;

    BuildProcess(boolean isolate, ExecutorService pumps) {
        this.isolate = isolate;
        this.pumps = pumps;
    }

    static boolean canIsolate() {
        return Files.isExecutable(SETSID);
    }

    Exit run(ResolvedPackage pkg, Path script, Path cwd, Map<String, String> env, Path log, OutputStream logOut,
             BuildListener listener) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(8);
        if (isolate) {
            cmd.add(SETSID.toString());
            cmd.add(BASH.toString());
            cmd.addAll(List.of("-e", "-c", WATCHDOG, "hd-build", script.toString()));
        } else {
            cmd.addAll(List.of(BASH.toString(), "-e", script.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        if (!isolate) {
            // without a watchdog a lingering background process could hold a pipe open
            // forever, so the output goes straight to the file
            logOut.flush();
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Process p = pb.start();
        if (!isolate) {
            return new Exit(p.waitFor(), "");
        }
        Pump pump = new Pump(p.getInputStream(), logOut, pkg, listener);
        Future<?> f = pumps.submit(pump);
        int code;
        try {
            code = p.waitFor();
        } finally {
            // closing stdin fires the watchdog: leftovers die, the pipe closes, the pump ends
            p.getOutputStream().close();
        }
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("reading the build output", e.getCause());
        }
        return new Exit(code, pump.stage);
    }

    /** Copies output to the log; splits it into lines only to spot stage markers. */
    private static final class Pump implements Runnable {
        private static final byte[] MARK = BuildEnvironment.STAGE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        private final InputStream in;
        private final OutputStream log;
        private final ResolvedPackage pkg;
        private final BuildListener listener;
        private final boolean lines;
        volatile String stage = "";
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);

        Pump(InputStream in, OutputStream log, ResolvedPackage pkg, BuildListener listener) {
            this.in = in;
            this.log = log;
            this.pkg = pkg;
            this.listener = listener;
            this.lines = listener.wantsLogLines();
        }

        @Override
        public void run() {
            byte[] buf = new byte[16 * 1024];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    log.write(buf, 0, n);
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            line.write(buf, start, i - start);
                            endLine();
                            start = i + 1;
                        }
                    }
                    if (line.size() < 4096) {
                        line.write(buf, start, n - start);
                    }
                }
                if (line.size() > 0) {
                    endLine();
                }
                log.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void endLine() {
            byte[] b = line.toByteArray();
            line.reset();
            if (startsWith(b, MARK)) {
                stage = new String(b, MARK.length, b.length - MARK.length, StandardCharsets.UTF_8);
                listener.stage(pkg, stage);
            } else if (lines) {
                listener.logLine(pkg, new String(b, StandardCharsets.UTF_8));
            }
        }

        private static boolean startsWith(byte[] b, byte[] prefix) {
            if (b.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (b[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
