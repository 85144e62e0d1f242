package dev.hd.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: the real git executable on a repository in a temp directory, with the git
 * configuration isolated (no system or global config; user name and email set per repository).
 */
final class GitRepo {
    final Path dir;
    final Path home;

    GitRepo(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** What a git command printed (stdout and stderr together) and its exit status. */
    record Run(int code, String out) {
    }

    /** The isolated environment git (and the hooks it runs) gets; {@link Cli} runs of hd get the same. */
    static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("LC_ALL", "C");
        return env;
    }

    static GitRepo init(Path dir, Path home, String branch) throws Exception {
        Files.createDirectories(dir);
        GitRepo r = new GitRepo(dir, home);
        r.git("init", "-q", "-b", branch);
        r.identity();
        return r;
    }

    static GitRepo cloneOf(String url, Path dir, Path home) throws Exception {
        GitRepo r = new GitRepo(dir, home);
        Run c = run(dir.getParent(), env(home), List.of("clone", "-q", url, dir.toString()));
        if (c.code() != 0) {
            throw new IllegalStateException("git clone failed: " + c.out());
        }
        r.identity();
        return r;
    }

    private void identity() throws Exception {
        git("config", "user.name", "Test");
        git("config", "user.email", "test@example.org");
    }

    static Run run(Path cwd, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    /** Runs git with extra environment variables and returns what happened, whatever the status. */
    Run tryGit(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        Map<String, String> env = env(home);
        env.putAll(extraEnv);
        return run(dir, env, List.of(args));
    }

    /** Runs git, which must succeed; returns its output, stripped. */
    String git(String... args) throws Exception {
        Run r = tryGit(Map.of(), args);
        if (r.code() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (exit " + r.code() + "):\n" + r.out());
        }
        return r.out().strip();
    }

    GitRepo write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    String read(String path) throws IOException {
        return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
    }

    /** Commits everything and returns the commit id. */
    String commit(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD");
    }
}
