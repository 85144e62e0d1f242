package dev.hd.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a command in a given environment (a profile's, see {@code ProfileEnv.apply}): the
 * program is looked up on that environment's {@code PATH}, not on hd's own (the JDK would
 * search the parent's), so commands the profile provides are found. Standard input is
 * {@code /dev/null}; standard output and error are merged and handed over line by line.
 */
final class ProfileProcess {
    /** The shell's exit status for a command that is not found. */
    static final int NOT_FOUND = 127;

    private ProfileProcess() {
    }

    /** The result: the exit status ({@link #NOT_FOUND} when there is no such program). */
    record Exit(int code, boolean notFound) {
    }

    static Exit run(List<String> command, Path cwd, Map<String, String> env, Consumer<String> lines)
            throws IOException, InterruptedException {
        Optional<Path> exe = which(command.get(0), env.get("PATH"), cwd);
        if (exe.isEmpty()) {
            return new Exit(NOT_FOUND, true);
        }
        List<String> argv = new ArrayList<>(command);
        argv.set(0, exe.get().toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the pipe closed under us: the command's output ends here
            }
        }, "hd-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int code = p.waitFor();
            // a background child of the command may keep the pipe open: do not wait for it forever
            reader.join(5_000);
            return new Exit(code, false);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
    }

    /** The program a command name stands for: a path (relative to {@code cwd}) or the first match on {@code path}. */
    static Optional<Path> which(String name, String path, Path cwd) {
        if (name.contains("/")) {
            Path p = cwd.resolve(name);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":", -1)) {
            Path p = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
