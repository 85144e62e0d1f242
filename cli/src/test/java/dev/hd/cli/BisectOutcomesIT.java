package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcomes of {@code hd bisect} apart from good and bad: a revision that does not
 * resolve, one that does not build, a test that exits 125, answers left open by them, and
 * {@code --build-failure=bad}. One shell-only package, {@code tool}, printing "ok" until
 * commit 5.
 */
class BisectOutcomesIT {
    static final String TEST = "test \"$(tool)\" = ok";

    @TempDir
    Path tmp;
    GitStack repo;
    Cli cli;

    private static String tool(String version, String says, String extra) {
        return """
                version: "%s"
                build_stages:
                  - name: build
                    bash: |
                      mkdir -p "$ARTIFACT/bin"
                      printf '#!/bin/sh\\necho %s\\n' > "$ARTIFACT/bin/tool"
                      chmod +x "$ARTIFACT/bin/tool"
                %s""".formatted(version, says, extra);
    }

    @BeforeEach
    void history() throws Exception {
        repo = new GitStack(tmp.resolve("stack"));
        cli = new Cli(repo.dir, tmp.resolve("store"));
        repo.write("stack.yaml", "packages:\n  tool:\n").write("pkgs/tool.yaml", tool("1", "ok", "")).commit("tool 1");
        repo.write("pkgs/tool.yaml", tool("2", "ok", "")).commit("tool 2");
        repo.write("pkgs/tool.yaml", tool("3", "ok", "  - nme: oops\n")).commit("tool 3: a typo");
        repo.write("pkgs/tool.yaml", tool("4", "ok", "  - name: check\n    after: build\n    bash: exit 3\n"))
                .commit("tool 4: a check that fails");
        repo.write("pkgs/tool.yaml", tool("5", "bad", "")).commit("tool 5: says bad");
        repo.write("pkgs/tool.yaml", tool("6", "bad", "")).commit("tool 6");
    }

    @Test
    void revisionsThatDoNotResolveOrBuildAreSkippedAndCanLeaveTheAnswerOpen() {
        Cli.Result r = cli.run("bisect", repo.commit(1), repo.commit(6), "--", "sh", "-c", TEST);
        assertEquals(1, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.contains(repo.commit(3).substring(0, 12) + " tool 3: a typo\n    does not resolve: "), out);
        assertTrue(out.contains("unknown key 'nme'"), out);
        assertTrue(out.contains(": skipped; "), out);
        assertTrue(out.contains(repo.commit(4).substring(0, 12) + " tool 4: a check that fails\n"), out);
        assertTrue(out.contains("    log: " + tmp.resolve("store/logs/tool-") + "") && out.contains("    does not build: tool-4 failed in stage check: skipped; "), out);
        assertTrue(out.contains("    exit 0: good; "), out);
        assertTrue(out.contains("    exit 1: bad; done"), out);
        assertTrue(out.contains("Tested 4 revisions (1 good, 1 bad, 1 did not resolve, 1 did not build)"), out);
        assertTrue(r.err().contains("the first bad commit is one of\n  " + repo.commit(3) + " tool 3: a typo\n  "
                + repo.commit(4) + " tool 4: a check that fails\n  " + repo.commit(5) + " tool 5: says bad\n"), r.err());
        assertTrue(r.err().contains("hint: "), r.err());
    }

    @Test
    void buildFailureBadCountsThemBad() {
        Cli.Result r = cli.run("bisect", "--build-failure=bad", repo.commit(1), repo.commit(6), "--", "sh", "-c", TEST);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("does not resolve: "), r.out());
        assertTrue(r.out().contains(": counted bad; "), r.out());
        assertTrue(r.out().contains("\nFirst bad commit: " + repo.commit(3) + "\n    tool 3: a typo\n"), r.out());
        assertTrue(r.out().contains("(no diff against its parent: cannot resolve "), r.out());
    }

    @Test
    void exitStatus125SkipsARevisionAndTheCommandSeesWhichOne() {
        String test = "test \"$HD_BISECT_COMMIT\" != " + repo.commit(2) + " || exit 125; " + TEST;
        Cli.Result r = cli.run("bisect", "--build-failure=bad", repo.commit(1), repo.commit(6), "--", "sh", "-c", test);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("    exit 125: skipped; "), r.out());
        assertTrue(r.err().contains("one of\n  " + repo.commit(2) + " tool 2\n  " + repo.commit(3) + " tool 3: a typo\n"),
                r.err());
    }

    @Test
    void firstParentNamesTheMergeAndNoFirstParentTheCommitOfTheBranch() throws Exception {
        GitStack m = new GitStack(tmp.resolve("merges"));
        Cli c = new Cli(m.dir, tmp.resolve("store"));
        m.write("stack.yaml", "packages:\n  tool:\n").write("pkgs/tool.yaml", tool("1", "ok", "")).commit("tool 1");
        m.git("checkout", "-q", "-b", "feature");
        m.write("pkgs/tool.yaml", tool("2", "bad", "")).commit("feature: tool says bad");
        m.write("README", "feature\n").commit("feature: a readme");
        m.git("checkout", "-q", "main");
        m.write("NEWS", "news\n").commit("news");
        m.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature");
        String merge = m.git("rev-parse", "HEAD").strip();

        Cli.Result fp = c.run("bisect", m.commit(1), "HEAD", "--", "sh", "-c", TEST);
        assertEquals(0, fp.code(), fp.toString());
        assertTrue(fp.out().contains("Bisecting 2 commits after good "), fp.out());
        assertTrue(fp.out().contains("\nFirst bad commit: " + merge + "\n    Merge feature\n"), fp.out());

        Cli.Result all = c.run("bisect", "--no-first-parent", m.commit(1), "HEAD", "--", "sh", "-c", TEST);
        assertEquals(0, all.code(), all.toString());
        assertTrue(all.out().contains("Bisecting 4 commits after good ") && all.out().contains("(all parents)"), all.out());
        assertTrue(all.out().contains("\nFirst bad commit: " + m.commit(2) + "\n    feature: tool says bad\n"), all.out());
    }

    @Test
    void usageMistakesAreExplained() throws Exception {
        Cli.Result noDash = cli.run("bisect", repo.commit(1), repo.commit(6), "sh");
        assertEquals(2, noDash.code(), noDash.toString());
        assertTrue(noDash.err().contains("give the test command after --"), noDash.err());
        Cli.Result oneRev = cli.run("bisect", repo.commit(1), "--", "true");
        assertEquals(2, oneRev.code(), oneRev.toString());
        assertTrue(oneRev.err().contains("needs a good and a bad revision before --, got 1"), oneRev.err());
        Cli.Result swapped = cli.run("bisect", repo.commit(6), repo.commit(1), "--", "true");
        assertEquals(1, swapped.code(), swapped.toString());
        assertTrue(swapped.err().contains("is not an ancestor of the bad revision"), swapped.err());
        assertTrue(swapped.err().contains("hint: give the good (older) revision first"), swapped.err());
        Cli.Result unknown = cli.run("bisect", "nope", "HEAD", "--", "true");
        assertEquals(1, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown revision 'nope'"), unknown.err());
        assertEquals("", repo.git("status", "--porcelain"));
    }
}
