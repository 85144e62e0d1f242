package dev.hd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a stack repository made with the real {@code git} ({@link GitCli}), with fixed
 * commit dates, that remembers its commits in order, to build histories for {@code hd diff}
 * and {@code hd bisect}.
 */
final class GitStack {
    final Path dir;
    /** The commits made, oldest first: {@code commits.get(0)} is commit 1. */
    final List<String> commits = new ArrayList<>();
    private final GitCli git;

    GitStack(Path dir) throws IOException, InterruptedException {
        git = GitCli.init(dir)
                .withEnv("HOME", dir.toAbsolutePath().getParent().toString())
                .withEnv("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
                .withEnv("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");
        this.dir = git.dir;
        git("config", "commit.gpgsign", "false");
    }

    GitStack write(String path, String content) throws IOException {
        git.write(path, content);
        return this;
    }

    /** Commits everything (additions, changes, removals); returns the commit id. */
    String commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        String id = git.head();
        commits.add(id);
        return id;
    }

    /** Commit {@code n} (1-based). */
    String commit(int n) {
        return commits.get(n - 1);
    }

    String git(String... args) throws IOException, InterruptedException {
        return git.git(args);
    }
}
