package dev.hd.cli;

import dev.hd.builder.Store;
import dev.hd.gitstore.GitCli;
import dev.hd.resolver.HdException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd checkout REV}: builds the revision's profile if it is missing (from the commit's
 * objects, before anything moves), checks the revision out with git, then swaps the profile
 * link. A failure at any step leaves the working tree and the link as they were. A revision
 * built before costs a lookup: no spec is read, nothing is built, and JGit is never loaded
 * (git answers the revision, the dirty check and the checkout).
 */
@Command(name = "checkout",
        description = {"Check out a revision and switch the profile link to its profile, building what is missing first.",
                "Refuses uncommitted changes to tracked files, which would not be in the profile (--force discards them,"
                        + " like git checkout --force). If anything fails, the working tree and the link stay as they were."},
        footer = {"", "Examples:", "  hd checkout main", "  hd checkout v1.2 -j 4", "  hd checkout HEAD~3",
                "  hd -C stacks/cluster checkout feature/openmpi"})
final class CheckoutCommand implements Callable<Integer> {
    /** What hd's hooks read: when set, they leave the switch to hd checkout (chained hooks still run). */
    static final Map<String, String> HOOKS_OFF = Map.of("HD_HOOKS", "0");
    private static final int MAX_LISTED = 10;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "REV", description = "A branch, tag or commit (HEAD~2, main@{1}, ...).")
    String rev;

    @Option(names = {"-f", "--force"}, description = "Discard uncommitted changes to tracked files (git checkout --force).")
    boolean force;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Packages built at once (default: the number of cores).")
    Integer jobs;

    @Option(names = {"-k", "--keep-going"}, description = "After a failure, keep building what does not depend on it.")
    boolean keepGoing;

    @Override
    public Integer call() throws HdException {
        long t0 = System.nanoTime();
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new UsageException("--jobs must be at least 1, got " + j);
        }
        if (rev.startsWith("-")) {
            throw new UsageException("not a revision: '" + rev + "'");
        }
        Path dir = main.cwd().toAbsolutePath().normalize();
        Path top = StackTarget.topLevel(dir);
        if (top == null) {
            throw new HdException(dir + " is in no git repository", "hd checkout moves a stack kept in git: run it in the"
                    + " stack's directory (or use -C DIR)");
        }
        GitCli git = GitCli.at(top, main.ctx().env());
        String stackDir = top.relativize(real(dir)).toString().replace('\\', '/');
        GitCli.Revision r = git.resolve(rev, stackDir);
        if (r.tree().isEmpty()) {
            throw new HdException("there is no directory " + (stackDir.isEmpty() ? "" : stackDir + " ") + "at " + rev + " ("
                    + r.commit().substring(0, 12) + ") of " + top, "the stack lives elsewhere at that revision: run hd"
                    + " checkout from there (-C DIR), or check it out with git");
        }
        if (!force) {
            List<String> changes = git.uncommittedChanges();
            if (!changes.isEmpty()) {
                StringBuilder sb = new StringBuilder("your working tree has uncommitted changes, which would not be in"
                        + " the profile of " + rev + ":");
                for (int i = 0; i < Math.min(MAX_LISTED, changes.size()); i++) {
                    sb.append("\n  ").append(changes.get(i));
                }
                if (changes.size() > MAX_LISTED) {
                    sb.append("\n  ... and ").append(changes.size() - MAX_LISTED).append(" more");
                }
                throw new HdException(sb.toString(), "commit or stash them (git stash), or discard them with"
                        + " 'hd checkout --force " + rev + "'");
            }
        }
        Path link = dir.resolve(".hd/profile");
        if (Files.isDirectory(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new HdException(link + " is a directory, not hd's profile link", "move it away, then run hd checkout again");
        }
        PrintWriter out = main.ctx().out();
        String[] said = new String[1];
        try (StackTarget target = StackTarget.resolved(dir, top, r)) {
            PlainBuildView[] view = new PlainBuildView[1];
            StackBuild.Outcome o = new StackBuild(main, target, Map.of(), j, keepGoing).run(link,
                    reasons -> view[0] = new PlainBuildView(out, main.ctx().err(), reasons, main.quiet(), main.verbose()),
                    pid -> said[0] = git.checkout(rev, force, HOOKS_OFF));
            if (!o.ok()) {
                view[0].report(o.failed());
                main.ctx().err().println("hd: nothing was checked out: the working tree and " + link + " are as they were");
                return Main.FAILURE;
            }
            GitExclude.addHdDir(top);
            if (said[0] != null && !said[0].isEmpty()) {
                out.println(said[0]); // git's own words: "Switched to branch 'x'", "HEAD is now at ..."
            }
            if (o.built() == 0) {
                int n = o.result() == null ? o.packages() : o.result().upToDate().size();
                out.printf("Nothing to build: %d package%s up to date.%n", n, n == 1 ? "" : "s");
            } else {
                out.printf("Built %d package%s in %s (%d up to date).%n", o.built(), o.built() == 1 ? "" : "s",
                        PlainBuildView.seconds((System.nanoTime() - t0) / 1_000_000), o.result().upToDate().size());
            }
            out.println("Profile: " + link + " -> " + new Store(main.storeRoot()).profile(o.profile()));
            return Main.OK;
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p;
        }
    }
}
