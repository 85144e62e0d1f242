package dev.hd.cli;

import dev.hd.builder.BuildFailure;
import dev.hd.builder.ForwardingBuildListener;
import dev.hd.builder.ProfileEnv;
import dev.hd.builder.ProfileId;
import dev.hd.builder.RefMap;
import dev.hd.builder.Store;
import dev.hd.gitstore.Bisection;
import dev.hd.gitstore.History;
import dev.hd.gitstore.StackRepo;
import dev.hd.resolver.HdException;
import dev.hd.resolver.StackDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hd bisect GOOD BAD -- CMD...}: finds the commit of the stack repository that made CMD
 * fail, building each candidate revision's profile in the store (never touching the working
 * tree or the profile link) and running CMD in that profile's environment.
 */
@Command(name = "bisect",
        customSynopsis = "hd bisect [OPTIONS] GOOD BAD [k=v...] -- CMD [ARG...]",
        description = {"Find the commit that broke a test, building revisions' profiles in the store.",
                "",
                "Like 'git bisect run' from GOOD to BAD, but nothing is checked out and no profile link "
                        + "is switched: each candidate's profile is built in the store (what the store has is "
                        + "reused; revisions already built are preferred when they split about as well), then CMD "
                        + "runs in the current directory with that profile's environment (as after hd env).",
                "",
                "CMD's exit status: 0 good, 125 cannot be tested (skip), any other bad. A revision that "
                        + "does not resolve or does not build is skipped (--build-failure=bad: bad). Ends with the "
                        + "first bad commit, its message, and hd diff against its parent.",
                ""},
        footer = {"", "Examples:", "  hd bisect v1.0 HEAD -- hello world",
                "  hd bisect main~20 main -- sh -c 'test \"$(calc 2 3)\" = 5'",
                "  hd bisect --build-failure=bad good-tag HEAD -- ./run-tests.sh",
                "", "Exit: 0 when the first bad commit was found, 1 when skipped revisions leave it open or on error."})
final class BisectCommand implements Callable<Integer> {
    /** What a revision that does not resolve or build counts as. */
    enum BuildFailureMode { skip, bad }

    /** The outcome of testing one revision. */
    enum Outcome {
        GOOD("good"), BAD("bad"), SKIP("skipped"), DOES_NOT_RESOLVE("does not resolve"), DOES_NOT_BUILD("does not build");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** What testing one revision gave, and the line that says so ("exit 1", "does not build: ..."). */
    private record Tested(Outcome outcome, String detail, List<String> before) {
        Tested(Outcome outcome, String detail) {
            this(outcome, detail, List.of());
        }
    }

    /** Exit status of CMD that means "this revision cannot be tested" (git's convention). */
    static final int SKIP_STATUS = 125;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARG", arity = "0..*",
            description = "A good and a bad revision (the bad one descends from the good one), k=v parameters "
                    + "for every revision, then after -- the test command.")
    List<String> args = new ArrayList<>();

    @Option(names = "--first-parent", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Follow only first parents (the default): a merge is one change. --no-first-parent "
                    + "also tests the commits of merged branches.")
    boolean firstParent;

    @Option(names = "--build-failure", paramLabel = "skip|bad", defaultValue = "skip",
            description = "What a revision that does not resolve or build counts as (default: skip).")
    BuildFailureMode buildFailure;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Packages built at once (default: the number of cores).")
    Integer jobs;

    private int built;
    private int revisionsBuilt;

    @Override
    public Integer call() throws HdException {
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new UsageException("--jobs must be at least 1, got " + j);
        }
        List<String> command = command();
        List<String> before = args.subList(0, args.size() - command.size());
        List<String> revs = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : before) {
            if (StackArgs.isOverride(a)) {
                int eq = a.indexOf('=');
                overrides.put(a.substring(0, eq), a.substring(eq + 1));
            } else {
                revs.add(a);
            }
        }
        if (revs.size() != 2) {
            throw new UsageException("hd bisect needs a good and a bad revision before --, got " + revs.size()
                    + (revs.isEmpty() ? "" : ": " + String.join(" ", revs)) + " (hd bisect GOOD BAD -- CMD...)");
        }
        PrintWriter out = main.ctx().out();
        try (StackTarget anchor = StackTarget.of(main, null, revs.get(1))) {
            StackRepo repo = anchor.repo();
            String good = repo.resolveCommit(revs.get(0));
            String bad = anchor.commit();
            List<History.Commit> range = History.range(repo, good, bad, firstParent);
            Bisection b = new Bisection(range);
            Store store = new Store(main.storeRoot());
            RefMap refs = new RefMap(store);
            String top = anchor.topLevel().toString();
            String stackDir = anchor.stackDir();
            out.printf("Bisecting %d commit%s after good %s up to bad %s (%s): about %d test%s.%n", range.size(),
                    range.size() == 1 ? "" : "s", good.substring(0, 12), bad.substring(0, 12),
                    firstParent ? "first parent" : "all parents", b.stepsLeft(), b.stepsLeft() == 1 ? "" : "s");
            out.flush();
            int step = 0;
            int[] tally = new int[Outcome.values().length];
            while (!b.done()) {
                String c = b.next(id -> isBuilt(refs, top, stackDir, id, overrides, j)).orElseThrow();
                step++;
                History.Commit commit = b.commit(c).orElseThrow();
                Tested tested = test(step, commit, overrides, j, command, store);
                Outcome o = tested.outcome();
                tally[o.ordinal()]++;
                Bisection.Verdict v = switch (o) {
                    case GOOD -> Bisection.Verdict.GOOD;
                    case BAD -> Bisection.Verdict.BAD;
                    case SKIP -> Bisection.Verdict.SKIP;
                    case DOES_NOT_RESOLVE, DOES_NOT_BUILD ->
                            buildFailure == BuildFailureMode.bad ? Bisection.Verdict.BAD : Bisection.Verdict.SKIP;
                };
                b.mark(c, v);
                String counted = o == Outcome.DOES_NOT_RESOLVE || o == Outcome.DOES_NOT_BUILD
                        ? (v == Bisection.Verdict.BAD ? "counted bad" : "skipped") : o.label;
                tested.before().forEach(l -> out.println("    " + l));
                out.printf("    %s: %s; %s%n", tested.detail(), counted, b.done() ? "done"
                        : b.remaining() + " left to test, about " + b.stepsLeft() + " more");
                out.flush();
            }
            out.println();
            String summary = summary(step, tally);
            List<String> firstBad = b.firstBad();
            if (firstBad.size() > 1) {
                PrintWriter err = main.ctx().err();
                out.println(summary);
                out.flush();
                err.println("hd: only revisions that could not be tested are left: the first bad commit is one of");
                for (String id : firstBad) {
                    err.println("  " + id + " " + b.commit(id).orElseThrow().subject());
                }
                err.println("hint: make CMD test them (exit 125 only when a revision cannot be tested), or use"
                        + " --build-failure=bad when a failing build means bad");
                return Main.FAILURE;
            }
            History.Commit culprit = b.commit(firstBad.get(0)).orElseThrow();
            out.println("First bad commit: " + culprit.id());
            for (String line : culprit.message().strip().split("\n", -1)) {
                out.println(line.isEmpty() ? "" : "    " + line);
            }
            out.println();
            printDiff(out, repo, culprit.id(), overrides);
            out.println();
            out.println(summary);
            return Main.OK;
        }
    }

    /** "Tested 3 revisions (1 good, 1 bad, 1 did not build); built 5 packages for 3 of them." */
    private String summary(int steps, int[] tally) {
        List<String> counts = new ArrayList<>();
        String[] names = {"good", "bad", "skipped", "did not resolve", "did not build"};
        for (Outcome o : Outcome.values()) {
            if (tally[o.ordinal()] > 0) {
                counts.add(tally[o.ordinal()] + " " + names[o.ordinal()]);
            }
        }
        return String.format("Tested %d revision%s%s; built %d package%s for %d of them.", steps, steps == 1 ? "" : "s",
                counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")", built, built == 1 ? "" : "s", revisionsBuilt);
    }

    /** The arguments after {@code --}: the test command. */
    private List<String> command() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int sub = original.indexOf(spec.name());
        int dash = sub < 0 ? -1 : original.subList(sub, original.size()).indexOf("--");
        if (dash < 0) {
            throw new UsageException("give the test command after --: hd bisect GOOD BAD -- CMD...");
        }
        int n = original.size() - (sub + dash + 1);
        if (n == 0) {
            throw new UsageException("no test command after --: hd bisect GOOD BAD -- CMD...");
        }
        if (n > args.size()) {
            throw new IllegalStateException("picocli kept fewer arguments (" + args + ") than follow -- in " + original);
        }
        return List.copyOf(args.subList(args.size() - n, args.size()));
    }

    /**
     * Whether the revision's profile is built already. Without overrides the ref map says so
     * (hd records every revision it builds there, one file read); with overrides, which the
     * ref map does not record, the resolution cache.
     */
    private boolean isBuilt(RefMap refs, String top, String stackDir, String commit, Map<String, String> overrides, int j) {
        if (overrides.isEmpty()) {
            return refs.profileOf(top, stackDir, commit).isPresent();
        }
        try (StackTarget t = StackTarget.of(main, null, commit)) {
            return new StackBuild(main, t, overrides, j, false).cached().isPresent();
        } catch (HdException e) {
            return false;
        }
    }

    /** Builds the revision's profile and runs CMD in it; prints what happens. */
    private Tested test(int step, History.Commit commit, Map<String, String> overrides, int j, List<String> command,
                         Store store) throws HdException {
        PrintWriter out = main.ctx().out();
        out.printf("[%d] %s %s%n", step, commit.id().substring(0, 12), commit.subject());
        out.flush();
        StackBuild.Outcome o;
        try (StackTarget t = StackTarget.of(main, null, commit.id())) {
            o = new StackBuild(main, t, overrides, j, false).run(null, reasons -> new QuietFailures(
                    new PlainBuildView(IndentingWriter.of(out, "    "), IndentingWriter.of(main.ctx().err(), "    "), reasons,
                            main.quiet(), main.verbose())));
        } catch (StackBuild.ResolveFailure e) {
            return new Tested(Outcome.DOES_NOT_RESOLVE, "does not resolve: " + e.getMessage());
        } catch (HdException e) {
            return new Tested(Outcome.DOES_NOT_BUILD, "does not build: " + e.getMessage());
        }
        if (o.result() != null && !o.result().built().isEmpty()) {
            built += o.result().built().size();
            revisionsBuilt++;
        }
        if (!o.ok()) {
            built += o.failed().built().size();
            revisionsBuilt += o.failed().built().isEmpty() ? 0 : 1;
            BuildFailure f = o.failed().failed().isEmpty() ? null : o.failed().failed().get(0);
            return f == null ? new Tested(Outcome.DOES_NOT_BUILD, "does not build")
                    : new Tested(Outcome.DOES_NOT_BUILD, "does not build: " + f.pkg().label() + " failed in stage " + f.stage(),
                    List.of("command: " + f.command() + (f.exitCode() >= 0 ? " (exit " + f.exitCode() + ")" : ""),
                            "log: " + f.log()));
        }
        if (o.result() == null || o.result().built().isEmpty()) {
            out.println("    profile already built: " + store.profile(o.profile()));
        }
        return run(command, o.profile(), store, commit);
    }

    private Tested run(List<String> command, ProfileId profile, Store store, History.Commit commit) throws HdException {
        PrintWriter out = main.ctx().out();
        Path dir = store.profile(profile);
        Map<String, String> env = new LinkedHashMap<>(EnvCommand.apply(ProfileEnv.of(dir), main.ctx().env()));
        env.put("HD_BISECT_COMMIT", commit.id());
        out.println("    running " + shellWords(command));
        out.flush();
        ProfileProcess.Exit exit;
        try {
            exit = ProfileProcess.run(command, main.cwd(), env, line -> {
                if (!main.quiet()) {
                    synchronized (out) {
                        out.println("    | " + line);
                        out.flush();
                    }
                }
            });
        } catch (IOException e) {
            throw new HdException("cannot run " + command.get(0) + ": " + e.getMessage(),
                    "check the command after --; it runs in " + main.cwd());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HdException("interrupted while running " + command.get(0), null);
        }
        String detail = exit.notFound() ? command.get(0) + ": command not found on the profile's PATH nor on yours (exit 127)"
                : "exit " + exit.code();
        return new Tested(exit.code() == 0 ? Outcome.GOOD : exit.code() == SKIP_STATUS ? Outcome.SKIP : Outcome.BAD, detail);
    }

    /** The command as one would type it: words with shell metacharacters in single quotes. */
    static String shellWords(List<String> command) {
        List<String> words = new ArrayList<>();
        for (String w : command) {
            words.add(w.matches("[A-Za-z0-9_./=:,+@%^-]+") ? w : EnvCommand.posixQuote(w));
        }
        return String.join(" ", words);
    }

    /** What the first bad commit changed: hd diff against its first parent. */
    private void printDiff(PrintWriter out, StackRepo repo, String culprit, Map<String, String> overrides) {
        try {
            Optional<String> parent = History.firstParent(repo, culprit);
            if (parent.isEmpty()) {
                return;
            }
            ResolvedTarget from;
            ResolvedTarget to;
            try (StackTarget pt = StackTarget.of(main, null, parent.get());
                 StackTarget ct = StackTarget.of(main, null, culprit)) {
                from = ResolvedTarget.of(main, pt, parent.get(), overrides);
                to = ResolvedTarget.of(main, ct, culprit, overrides);
            }
            out.println("What it changed (hd diff " + culprit.substring(0, 12) + "^ " + culprit.substring(0, 12) + "):");
            DiffView.print(out, StackDiff.of(from.stack(), to.stack()), "its parent", culprit.substring(0, 12), "  ");
        } catch (HdException e) {
            out.println("(no diff against its parent: " + e.getMessage() + ")");
        }
    }

    /** The plain build view, without its "details below" line: bisect sums a failed build up in one line. */
    private static final class QuietFailures extends ForwardingBuildListener {
        QuietFailures(PlainBuildView view) {
            super(view);
        }

        @Override
        public void failed(BuildFailure failure) {
            // reported by bisect itself
        }
    }
}
