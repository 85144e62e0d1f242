package dev.hd.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs {@code hd bisect}'s test command in a profile's environment ({@code EnvCommand.apply}):
 * the program is looked up on that environment's {@code PATH} as {@link UserProcess} does for
 * {@code hd run}, so commands the profile provides are found. Unlike {@code hd run} the
 * command never gets the terminal: standard input is {@code /dev/null}, standard output and
 * error are merged and handed over line by line (bisect indents them), "not found" is an
 * outcome (exit 127, a bad revision) rather than an error, and Ctrl-C stops hd with the
 * bisection instead of being left to the command.
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
        Optional<Path> exe = UserProcess.which(command.get(0), env.get("PATH"), cwd);
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
}
