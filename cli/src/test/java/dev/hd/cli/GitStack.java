package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a stack repository made with the real {@code git} (isolated from the user's
 * and the system's git configuration, user set per repository), to build histories for
 * {@code hd diff} and {@code hd bisect}.
 */
final class GitStack {
    final Path dir;
    /** The commits made, oldest first: {@code commits.get(0)} is commit 1. */
    final List<String> commits = new ArrayList<>();

    GitStack(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        git("init", "-q", "-b", "main");
        git("config", "user.name", "Test");
        git("config", "user.email", "test@example.org");
        git("config", "commit.gpgsign", "false");
    }

    GitStack write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    /** Commits everything (additions, changes, removals); returns the commit id. */
    String commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        String id = git("rev-parse", "HEAD").strip();
        commits.add(id);
        return id;
    }

    /** Commit {@code n} (1-based). */
    String commit(int n) {
        return commits.get(n - 1);
    }

    String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("HOME", dir.getParent().toString());
        pb.environment().put("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z");
        pb.environment().put("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ":\n" + out);
        return out;
    }
}
