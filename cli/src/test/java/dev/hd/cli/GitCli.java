package dev.hd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: a real git repository driven by the git command, isolated from the user's and
 * the system's configuration, with its own author.
 */
final class GitCli {
    final Path dir;
    private final Map<String, String> env = new HashMap<>();

    private GitCli(Path dir) {
        this.dir = dir;
    }

    /** A new repository with branch main. */
    static GitCli init(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        GitCli g = new GitCli(dir);
        g.git("init", "-q", "-b", "main");
        g.git("config", "user.name", "Test");
        g.git("config", "user.email", "test@example.org");
        return g;
    }

    /** Sets a variable in the environment of every later git command. */
    GitCli withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    GitCli write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    /** Commits everything; returns the new commit. */
    String commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return head();
    }

    String head() throws IOException, InterruptedException {
        return git("rev-parse", "HEAD").trim();
    }

    /** Runs git in the repository; fails the test when git does. */
    String git(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir + ":\n" + out);
        }
        return out;
    }

    /** Whether git can read {@code commit} in this repository. */
    boolean has(String commit) throws IOException, InterruptedException {
        Process p = start("cat-file", "-e", commit + "^{commit}");
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().putAll(env);
        return pb.start();
    }
}
