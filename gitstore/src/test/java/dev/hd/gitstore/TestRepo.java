package dev.hd.gitstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Test helper: a real git repository in a temp directory, made with JGit (no git config read). */
final class TestRepo implements AutoCloseable {
    final Path dir;
    final Git git;

    TestRepo(Path dir) throws GitAPIException {
        IsolatedGitConfig.install();
        this.dir = dir;
        this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    TestRepo write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        RevCommit c = git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
        return c.name();
    }

    @Override
    public void close() {
        git.close();
    }
}
