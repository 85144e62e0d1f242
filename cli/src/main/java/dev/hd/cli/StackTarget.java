package dev.hd.cli;

import dev.hd.gitstore.GitCli;
import dev.hd.gitstore.StackRepo;
import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.HdException;
import dev.hd.resolver.SpecSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command's stack argument names: a stack directory (its working tree, uncommitted
 * changes included) or a revision of the stack repository that holds the current directory.
 * The rule, git-like (docs/git.md): no argument is the current directory; an existing
 * directory wins; anything else is a revision; {@code --rev REV} forces a revision.
 *
 * <p>Nothing here loads JGit until a revision must be parsed or a source opened, so the
 * cached no-op path of {@code hd build} stays light. Close it to release the repository.
 */
final class StackTarget implements AutoCloseable {
    /** The two kinds of stack. */
    enum Kind { DIRECTORY, REVISION }

    private final Kind kind;
    private final Path dir;
    private final Path top;
    private final String rev;
    private StackRepo repo;
    private String commit;
    /** Known up front for a target made from a {@link GitCli.Revision}; else looked up with JGit on first use. */
    private Optional<String> tree;
    private Optional<String> refName;

    private StackTarget(Kind kind, Path dir, Path top, String rev) {
        this.kind = kind;
        this.dir = dir;
        this.top = top;
        this.rev = rev;
    }

    /**
     * @param target   the positional argument, or {@code null}
     * @param forceRev the {@code --rev} option, or {@code null}
     */
    static StackTarget of(Main main, String target, String forceRev) throws HdException {
        Path cwd = main.cwd().toAbsolutePath().normalize();
        if (forceRev != null) {
            if (target != null) {
                throw new UsageException("give either a stack directory or --rev, not both ('" + target + "' and --rev "
                        + forceRev + ")");
            }
            return revision(cwd, forceRev);
        }
        if (target == null) {
            return directory(cwd, null);
        }
        Path p = cwd.resolve(target).normalize();
        if (Files.isDirectory(p)) {
            return directory(p, target);
        }
        Path top = topLevel(cwd);
        boolean looksLikePath = target.startsWith("/") || target.startsWith("./") || target.startsWith("../")
                || target.endsWith("/") || target.equals(".") || target.equals("..");
        if (top == null || looksLikePath) {
            throw new HdException("no stack directory " + p + (top == null
                    ? " (and " + cwd + " is in no git repository, so '" + target + "' is no revision either)" : ""),
                    "give the directory holding stack.yaml, or a branch, tag or commit of the stack repository");
        }
        return revision(cwd, target);
    }

    /**
     * A revision already resolved by git ({@code hd checkout}): commit, ref and stack tree are
     * known, so nothing here needs JGit unless the stack must be read.
     */
    static StackTarget resolved(Path dir, Path top, GitCli.Revision r) {
        StackTarget t = new StackTarget(Kind.REVISION, dir, top, r.rev());
        t.commit = r.commit();
        t.tree = r.tree();
        t.refName = r.ref();
        return t;
    }

    private static StackTarget directory(Path dir, String given) throws HdException {
        if (!Files.isRegularFile(dir.resolve("stack.yaml"))) {
            throw new HdException("no stack.yaml in " + dir, given == null
                    ? "give the directory holding stack.yaml (e.g. hd build examples), or a revision"
                    : "give the directory holding stack.yaml; to name a revision that is also a directory, use --rev");
        }
        return new StackTarget(Kind.DIRECTORY, dir, topLevel(dir), null);
    }

    private static StackTarget revision(Path cwd, String rev) throws HdException {
        Path top = topLevel(cwd);
        if (top == null) {
            throw new HdException("cannot use revision '" + rev + "': " + cwd + " is in no git repository",
                    "run hd inside the stack repository (or use -C DIR), or give a stack directory");
        }
        return new StackTarget(Kind.REVISION, cwd, top, rev);
    }

    /**
     * The top-level directory of the git working tree holding {@code dir}, found without JGit
     * (the nearest {@code .git} above), as a real path like {@code git rev-parse --show-toplevel}
     * prints it; {@code null} outside a repository.
     */
    static Path topLevel(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (isGitDir(d.resolve(".git"))) {
                try {
                    return d.toRealPath();
                } catch (IOException e) {
                    return d;
                }
            }
        }
        return null;
    }

    /** Like git: a {@code .git} file (a linked worktree) or a directory with HEAD and objects. */
    static boolean isGitDir(Path dotGit) {
        return Files.isRegularFile(dotGit)
                || Files.isRegularFile(dotGit.resolve("HEAD")) && Files.isDirectory(dotGit.resolve("objects"));
    }

    Kind kind() {
        return kind;
    }

    boolean isRevision() {
        return kind == Kind.REVISION;
    }

    /**
     * The stack directory on disk: for a revision, the directory in the working tree whose
     * counterpart at that revision is the stack.
     */
    Path dir() {
        return dir;
    }

    /** The repository's top level, or {@code null} when the stack is in no git repository. */
    Path topLevel() {
        return top;
    }

    /** The revision as given, for a revision target. */
    String rev() {
        return rev;
    }

    /** The stack's directory relative to the top level ("" for the top). */
    String stackDir() {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir;
        }
        return top.relativize(real).toString().replace('\\', '/');
    }

    /** The repository (opened with JGit on first use). */
    StackRepo repo() throws HdException {
        if (repo == null) {
            if (top == null) {
                throw new HdException(dir + " is in no git repository",
                        "revisions need a stack kept in git: run 'git init' there, or give a stack directory");
            }
            repo = StackRepo.open(top);
        }
        return repo;
    }

    /** The 40-hex commit of a revision target. */
    String commit() throws HdException {
        if (commit == null) {
            commit = repo().resolveCommit(rev);
        }
        return commit;
    }

    /**
     * The tree id of the stack directory at the revision (its content key), or empty when the
     * commit has no such directory.
     */
    Optional<String> tree() throws HdException {
        if (tree == null) {
            tree = repo().treeId(commit(), stackDir());
        }
        return tree;
    }

    /** The full name of the ref the revision names ("refs/heads/main"), or empty (a commit id, HEAD~2). */
    Optional<String> refName() throws HdException {
        if (refName == null) {
            refName = repo().refName(rev);
        }
        return refName;
    }

    /**
     * The files of the stack: the commit's objects for a revision; for a directory, its git
     * working tree when it is in a repository (ignored files left out), else the directory.
     */
    SpecSource source() throws HdException {
        if (kind == Kind.REVISION) {
            return repo().atCommit(commit(), stackDir(), rev);
        }
        if (top != null) {
            return repo().workingTree(stackDir());
        }
        return new DirectorySpecSource(dir);
    }

    /** For messages: the directory, or "REV (1a2b3c4d5e6f) of TOP". */
    String describe() {
        if (kind == Kind.DIRECTORY) {
            return dir.toString();
        }
        return rev + (commit == null ? "" : " (" + commit.substring(0, 12) + ")") + " of " + top;
    }

    @Override
    public void close() {
        if (repo != null) {
            repo.close();
        }
    }
}
