package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A stack repository opened with JGit, isolated from the user's and the system's git
 * configuration: revision parsing the way git users expect it, and spec sources over a
 * commit or the working tree. Close it when done.
 */
public final class StackRepo implements AutoCloseable {
    private final Repository repo;
    private final Path topLevel;

    private StackRepo(Repository repo) {
        this.repo = repo;
        this.topLevel = repo.isBare() ? null : repo.getWorkTree().toPath().toAbsolutePath().normalize();
    }

    /**
     * The repository whose working tree contains {@code dir}, if any (found the way git
     * does: the nearest {@code .git} above {@code dir}).
     */
    public static Optional<StackRepo> find(Path dir) throws HdException {
        Path start = dir.toAbsolutePath().normalize();
        Path d = start;
        while (d != null && !isGitDir(d.resolve(Constants.DOT_GIT))) {
            d = d.getParent();
        }
        if (d == null) {
            return Optional.empty();
        }
        IsolatedGitConfig.install();
        try {
            Repository r = new FileRepositoryBuilder().setMustExist(true).setWorkTree(d.toFile()).setup().build();
            if (r.isBare()) {
                r.close();
                return Optional.empty();
            }
            return Optional.of(new StackRepo(r));
        } catch (IOException | IllegalArgumentException e) {
            throw new HdException("cannot open the git repository at " + d + ": " + e.getMessage(),
                    "check it with 'git -C " + d + " status'", e);
        }
    }

    /** Like git: a {@code .git} file (a linked worktree) or a directory with HEAD and objects. */
    static boolean isGitDir(Path dotGit) {
        return Files.isRegularFile(dotGit)
                || Files.isRegularFile(dotGit.resolve("HEAD")) && Files.isDirectory(dotGit.resolve("objects"));
    }

    /** Like {@link #find} but fails with a clear message when {@code dir} is in no repository. */
    public static StackRepo open(Path dir) throws HdException {
        return find(dir).orElseThrow(() -> new HdException("not a git repository (or any parent up to /): " + dir,
                "revisions need a stack kept in git: run 'git init' there, or give a stack directory"));
    }

    /** The working tree's top-level directory, as {@code git rev-parse --show-toplevel} prints it. */
    public Path topLevel() {
        return topLevel;
    }

    /** The {@code .git} directory. */
    public Path gitDir() {
        return repo.getDirectory().toPath().toAbsolutePath().normalize();
    }

    /**
     * The 40-hex commit a revision names: a branch, tag, full or abbreviated commit id,
     * {@code HEAD~2}, {@code main^}, {@code main@{1}} ... (whatever JGit's rev-parse supports).
     *
     * @throws HdException git-like: {@code unknown revision 'foo': not a branch, tag or commit in <repo>}
     */
    public String resolveCommit(String rev) throws HdException {
        if (rev == null || rev.isBlank()) {
            throw new HdException("empty revision", "name a branch, tag or commit, e.g. main, v1.0, 1a2b3c4, HEAD~2");
        }
        ObjectId id;
        try {
            id = repo.resolve(rev + "^{commit}");
        } catch (AmbiguousObjectException e) {
            throw new HdException("ambiguous revision '" + rev + "': several objects of " + topLevel + " start with it",
                    "give more digits of the commit id", e);
        } catch (IncorrectObjectTypeException e) {
            throw new HdException("revision '" + rev + "' of " + topLevel + " is not a commit",
                    "name a branch, tag or commit", e);
        } catch (RevisionSyntaxException e) {
            throw unknown(rev, e);
        } catch (MissingObjectException e) {
            throw unknown(rev, e);
        } catch (IOException e) {
            throw new HdException("cannot read revision '" + rev + "' of " + topLevel + ": " + e.getMessage(), null, e);
        }
        if (id == null) {
            throw unknown(rev, null);
        }
        return id.name();
    }

    private HdException unknown(String rev, Exception cause) {
        return new HdException("unknown revision '" + rev + "': not a branch, tag or commit in " + topLevel,
                "list them with 'git -C " + topLevel + " log --oneline --all' or 'git branch -a'", cause);
    }

    /** The commit HEAD points at, or empty in a repository without commits. */
    public Optional<String> head() throws HdException {
        try {
            ObjectId id = repo.resolve(Constants.HEAD + "^{commit}");
            return Optional.ofNullable(id).map(ObjectId::name);
        } catch (IOException | RevisionSyntaxException e) {
            throw new HdException("cannot read HEAD of " + topLevel + ": " + e.getMessage(), null, e);
        }
    }

    /** The checked-out branch's short name, or empty on a detached HEAD. */
    public Optional<String> branch() throws HdException {
        try {
            Ref head = repo.exactRef(Constants.HEAD);
            if (head != null && head.isSymbolic()) {
                return Optional.of(Repository.shortenRefName(head.getTarget().getName()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new HdException("cannot read HEAD of " + topLevel + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * The full name of the ref a revision names ("refs/heads/main", "refs/tags/v1"), or empty
     * when it names none (a commit id, {@code HEAD~2}).
     */
    public Optional<String> refName(String rev) throws HdException {
        try {
            Ref r = repo.findRef(rev);
            if (r == null || r.getName().equals(Constants.HEAD) && !rev.equals(Constants.HEAD)) {
                return Optional.empty();
            }
            if (r.getName().equals(Constants.HEAD)) {
                return Optional.of(r.isSymbolic() ? r.getTarget().getName() : Constants.HEAD);
            }
            return Optional.of(r.getName());
        } catch (IOException e) {
            throw new HdException("cannot read the refs of " + topLevel + ": " + e.getMessage(), null, e);
        }
    }

    /** The commit's first line, for messages. */
    public String subject(String commit) throws HdException {
        try (RevWalk w = new RevWalk(repo)) {
            RevCommit c = w.parseCommit(ObjectId.fromString(commit));
            return c.getShortMessage();
        } catch (IOException e) {
            throw new HdException("cannot read commit " + commit + " of " + topLevel + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * The relative, '/'-separated path of {@code dir} inside the working tree ("" for the top).
     *
     * @throws HdException when {@code dir} is outside the working tree
     */
    public String relativePath(Path dir) throws HdException {
        Path abs = dir.toAbsolutePath().normalize();
        Path top = topLevel;
        try {
            abs = abs.toRealPath();
            top = top.toRealPath();
        } catch (IOException e) {
            // compare the paths as given
        }
        if (!abs.startsWith(top)) {
            throw new HdException(dir + " is outside the working tree of " + topLevel, null);
        }
        return top.relativize(abs).toString().replace('\\', '/');
    }

    /**
     * The files of the stack in directory {@code stackDir} (relative to the top, "" for the
     * top) as of {@code commit}, read from the object database.
     */
    public GitCommitSpecSource atCommit(String commit, String stackDir, String revLabel) throws HdException {
        return new GitCommitSpecSource(repo, ObjectId.fromString(commit), stackDir, revLabel, topLevel);
    }

    /**
     * The tree id of directory {@code stackDir} ("" for the top) at {@code commit}, or empty
     * when the commit has no such directory. The stack's content key: two commits with the
     * same stack tree resolve to the same profile.
     */
    public Optional<String> treeId(String commit, String stackDir) throws HdException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk w = new RevWalk(reader)) {
            ObjectId root = w.parseCommit(ObjectId.fromString(commit)).getTree();
            if (stackDir == null || stackDir.isEmpty()) {
                return Optional.of(root.name());
            }
            try (TreeWalk tw = TreeWalk.forPath(reader, stackDir, root)) {
                return tw != null && tw.getFileMode(0) == FileMode.TREE ? Optional.of(tw.getObjectId(0).name()) : Optional.empty();
            }
        } catch (IOException e) {
            throw new HdException("cannot read commit " + commit + " of " + topLevel + ": " + e.getMessage(),
                    "check the repository with 'git fsck'", e);
        }
    }

    /**
     * How the stack directory in the working tree differs from the same directory at
     * {@code commit}: the files {@link #workingTree} would read (uncommitted changes and
     * untracked files that are not ignored) against the commit's, in path order.
     */
    public List<WorkingTreeDiff.Change> diffWorkingTree(String commit, String stackDir) throws HdException {
        return WorkingTreeDiff.diff(repo, ObjectId.fromString(commit), stackDir == null ? "" : stackDir);
    }

    /**
     * The files of the stack in directory {@code stackDir} as they are in the working tree now,
     * uncommitted changes and untracked files included, ignored files left out.
     */
    public WorkingTreeSpecSource workingTree(String stackDir) throws HdException {
        return WorkingTreeSpecSource.scan(repo, stackDir);
    }

    /** The JGit repository, for this package's other classes. */
    Repository repository() {
        return repo;
    }

    @Override
    public void close() {
        repo.close();
    }
}
