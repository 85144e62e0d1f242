package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The {@code git} executable, for what must be git's own doing and for the paths that must
 * stay fast. Checking out is git's job, not JGit's: it runs the user's hooks, filters,
 * sparse-checkout and submodule rules exactly as a plain {@code git checkout} would, and it
 * honours the user's git configuration (which JGit, in {@link StackRepo}, deliberately
 * ignores). Asking git also keeps JGit's class loading (a large share of a short hd run) off
 * {@code hd checkout}. Each call is one short process with {@code /dev/null} as input.
 */
public final class GitCli {
    /** Variables git sets for hooks and aliases: hd finds the repository from its directory instead. */
    private static final List<String> REPOSITORY_VARIABLES = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_PREFIX",
            "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES");
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");

    private final Path top;
    private final Path git;
    private final Map<String, String> env;

    /**
     * @param top the working tree's top level
     * @param env the environment hd runs in: PATH finds git; HOME, GIT_CONFIG_GLOBAL ... reach it
     */
    private GitCli(Path top, Path git, Map<String, String> env) {
        this.top = top;
        this.git = git;
        this.env = env;
    }

    /**
     * git for the working tree at {@code top}.
     *
     * @throws HdException when no {@code git} is on the PATH of {@code env}
     */
    public static GitCli at(Path top, Map<String, String> env) throws HdException {
        Map<String, String> e = new HashMap<>(env);
        REPOSITORY_VARIABLES.forEach(e::remove);
        e.put("GIT_TERMINAL_PROMPT", "0");
        return new GitCli(top, find(env.get("PATH")), Map.copyOf(e));
    }

    private static Path find(String path) throws HdException {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, "git");
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new HdException("git is not installed (no git on PATH=" + path + ")",
                "install git, or put it on PATH: hd checks out and installs hooks through it");
    }

    /** The working tree's top level. */
    public Path topLevel() {
        return top;
    }

    /**
     * A revision, resolved the way {@code git rev-parse} does.
     *
     * @param rev    as the user wrote it
     * @param commit the 40-hex commit
     * @param ref    the full name of the ref it names ("refs/heads/main", "refs/tags/v1"), if it names one
     * @param tree   the tree id of the stack directory at that commit, if the commit has that directory
     */
    public record Revision(String rev, String commit, Optional<String> ref, Optional<String> tree) {
    }

    /**
     * Resolves {@code rev} and finds the tree of {@code stackDir} ("" for the top) at it.
     *
     * @throws HdException git-like when {@code rev} names no commit (the precise reason from JGit)
     */
    public Revision resolve(String rev, String stackDir) throws HdException {
        if (rev == null || rev.isBlank() || rev.startsWith("-")) {
            throw new HdException("not a revision: '" + rev + "'", "name a branch, tag or commit, e.g. main, v1.0, 1a2b3c4, HEAD~2");
        }
        Result c = run(List.of("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"), Map.of());
        String commit = c.out.strip();
        if (c.code != 0 || !OBJECT_ID.matcher(commit).matches()) {
            // git says only "needed a single revision": let JGit say whether it is unknown or ambiguous
            try (StackRepo r = StackRepo.open(top)) {
                r.resolveCommit(rev);
            }
            throw new HdException("unknown revision '" + rev + "': not a branch, tag or commit in " + top,
                    "list them with 'git -C " + top + " log --oneline --all' or 'git branch -a'");
        }
        String treeSpec = stackDir.isEmpty() ? commit + "^{tree}" : commit + ":" + stackDir;
        // one git for the tree and the ref name; "--": a file named like the revision does not make it
        // ambiguous (git echoes the "--")
        Result both = run(List.of("rev-parse", treeSpec, "--symbolic-full-name", rev, "--"), Map.of());
        List<String> lines = both.out.lines().toList();
        String tree;
        String ref;
        if (both.code == 0 && !lines.isEmpty() && OBJECT_ID.matcher(lines.get(0)).matches()) {
            tree = lines.get(0);
            ref = lines.stream().skip(1).filter(l -> l.startsWith("refs/")).findFirst().orElse("");
        } else { // no such directory at that commit: ask for the ref on its own
            tree = "";
            Result n = run(List.of("rev-parse", "--symbolic-full-name", rev, "--"), Map.of());
            ref = n.code != 0 ? "" : n.out.lines().filter(l -> l.startsWith("refs/")).findFirst().orElse("");
        }
        return new Revision(rev, commit, ref.isEmpty() ? Optional.empty() : Optional.of(ref),
                tree.isEmpty() ? Optional.empty() : Optional.of(tree));
    }

    /**
     * Uncommitted changes to tracked files (staged or not), as {@code git status --porcelain}
     * lines ("M  pkgs/a.yaml"); untracked files are not counted, as {@code git checkout} does not.
     */
    public List<String> uncommittedChanges() throws HdException {
        Result r = run(List.of("status", "--porcelain=v1", "-z", "--untracked-files=no"), Map.of());
        if (r.code != 0) {
            throw failure("git status", r);
        }
        List<String> out = new ArrayList<>();
        String[] parts = r.out.split("\0");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() < 4) {
                continue;
            }
            out.add(p);
            if (p.charAt(0) == 'R' || p.charAt(0) == 'C') {
                i++; // a rename's or copy's source path follows
            }
        }
        return out;
    }

    /**
     * {@code git checkout [--force] REV}: what git prints is returned for the caller to show.
     *
     * @param extraEnv variables for git and the hooks it runs (hd's hooks skip their part on HD_HOOKS=0)
     * @throws HdException with git's message when git refuses or fails (the working tree is then as git left it:
     *                     unchanged, for every refusal git makes before it writes)
     */
    public String checkout(String rev, boolean force, Map<String, String> extraEnv) throws HdException {
        List<String> args = new ArrayList<>(List.of("-c", "advice.detachedHead=false", "checkout"));
        if (force) {
            args.add("--force");
        }
        args.add(rev);
        args.add("--");
        Result r = run(args, extraEnv);
        if (r.code != 0) {
            throw new HdException("git checkout " + rev + " failed in " + top + ":\n" + indent((r.err + r.out).strip()),
                    "nothing was switched; fix what git reports and run hd checkout again");
        }
        return (r.err + r.out).strip();
    }

    /** The directory git runs hooks from: {@code core.hooksPath} when set, else {@code .git/hooks} (shared by worktrees). */
    public Path hooksDir() throws HdException {
        Result r = run(List.of("rev-parse", "--git-path", "hooks"), Map.of());
        if (r.code != 0 || r.out.isBlank()) {
            throw failure("git rev-parse --git-path hooks", r);
        }
        return top.resolve(r.out.strip()).normalize();
    }

    /** The full name of the branch HEAD is on, or empty on a detached HEAD. */
    public Optional<String> headRef() throws HdException {
        Result r = run(List.of("symbolic-ref", "--quiet", "HEAD"), Map.of());
        return r.code == 0 && r.out.strip().startsWith("refs/") ? Optional.of(r.out.strip()) : Optional.empty();
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }

    private HdException failure(String what, Result r) {
        return new HdException(what + " failed in " + top + " (exit " + r.code + "): " + (r.err + r.out).strip(),
                "check the repository with 'git -C " + top + " status'");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(List<String> args, Map<String, String> extraEnv) throws HdException {
        List<String> cmd = new ArrayList<>();
        cmd.add(git.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(top.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HdException("cannot run " + git + ": " + e.getMessage(), "check that git works: git --version", e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        try {
            return new Result(p.waitFor(), out, err.join());
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new HdException("interrupted while running git " + String.join(" ", args));
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
