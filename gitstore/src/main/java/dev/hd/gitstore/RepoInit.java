package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** Creating a stack repository ({@code hd init}), with JGit, isolated from the user's git configuration. */
public final class RepoInit {
    private RepoInit() {
    }

    /**
     * Makes {@code dir} a git repository whose first branch is {@code branch}, unless it is
     * inside one already (a stack may be a directory of a larger repository).
     *
     * @return the top level of the repository created, or empty when {@code dir} was already in one
     */
    public static Optional<Path> init(Path dir, String branch) throws HdException {
        Optional<StackRepo> existing = StackRepo.find(dir);
        if (existing.isPresent()) {
            existing.get().close();
            return Optional.empty();
        }
        IsolatedGitConfig.install();
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call()) {
            return Optional.of(git.getRepository().getWorkTree().toPath().toAbsolutePath().normalize());
        } catch (GitAPIException | RuntimeException e) {
            throw new HdException("cannot create a git repository in " + dir + ": " + e.getMessage(),
                    "check that " + dir + " is writable, or run 'git init' there yourself and then 'hd init' again", e);
        }
    }
}
