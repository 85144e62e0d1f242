package dev.hd.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command hd runs for the user in a profile's environment ({@code hd run}, {@code hd shell}):
 * on hd's own terminal (stdin, stdout, stderr inherited) when hd runs as a process, with its
 * output copied into the context's writers when hd runs inside a test. hd waits for it,
 * leaves Ctrl-C to it, and returns its exit status.
 */
final class UserProcess {
    /** The exit status of a command that could not be found, as shells have it. */
    static final int NOT_FOUND = 127;
    /** The exit status of a command that was found but could not be run. */
    static final int CANNOT_RUN = 126;

    private UserProcess() {
    }

    /**
     * Where {@code name} is on {@code path} (a ':'-separated list), as a shell would find it;
     * a name with a '/' is taken as it is (relative to {@code cwd}).
     */
    static Optional<Path> which(String name, String path, Path cwd) {
        if (name.contains("/")) {
            Path p = cwd.resolve(name);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : (path == null ? "" : path).split(":", -1)) {
            Path p = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code cmd} (its first word looked up on the {@code PATH} of {@code env}) and
     * returns its exit status; 127 (and a message) when it is not found, 126 when it cannot
     * be started.
     */
    @SuppressWarnings("try") // the handle restores SIGINT when closed, it is not used
    static int run(CliContext ctx, List<String> cmd, Map<String, String> env, Path cwd) {
        Optional<Path> exe = which(cmd.get(0), env.get("PATH"), cwd);
        if (exe.isEmpty()) {
            ctx.err().println("hd: " + cmd.get(0) + ": command not found (not in the profile's bin/, nor elsewhere on PATH)");
            ctx.err().println("hint: 'hd show PKG' says what a package installs; PATH is the profile's bin/ then yours");
            ctx.err().flush();
            return NOT_FOUND;
        }
        List<String> argv = new ArrayList<>(cmd);
        argv.set(0, exe.get().toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (ctx.inheritStdio()) {
            pb.inheritIO();
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        ctx.out().flush();
        ctx.err().flush();
        try (AutoCloseable sigint = Signals.ignoreInterrupts()) {
            Process p = pb.start();
            Thread o = null;
            Thread e = null;
            if (!ctx.inheritStdio()) {
                o = copy(p.getInputStream(), ctx.out());
                e = copy(p.getErrorStream(), ctx.err());
            }
            int code = p.waitFor();
            if (o != null) {
                o.join();
                e.join();
            }
            return code;
        } catch (IOException ex) {
            ctx.err().println("hd: cannot run " + exe.get() + ": " + ex.getMessage());
            ctx.err().println("hint: check that it is an executable for this machine");
            ctx.err().flush();
            return CANNOT_RUN;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return CANNOT_RUN;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Thread copy(InputStream in, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) > 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; what it wrote so far is there
            }
        }, "hd-user-process-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
