package dev.hd.resolver;

import static dev.hd.resolver.Specs.COMMIT_1;
import static dev.hd.resolver.Specs.COMMIT_2;
import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stack.lock: its format, and how floating sources resolve through it. */
class LockFileTest {
    private static final String FOO = "https://example.org/foo.git";
    private static final String BAR = "https://example.org/bar.git";

    /** app follows foo's main, lib follows bar's tag v2. */
    private static MapSpecSource floating() {
        return stack("packages:\n  app:\n").put("pkgs/app.yaml",
                "sources:\n  - git: " + FOO + "\n    branch: main\ndependencies: {build: [lib]}\n")
                .put("pkgs/lib.yaml", "sources:\n  - git: " + BAR + "\n    tag: v2\n");
    }

    private static ResolveOptions refs(String foo, String bar) {
        return ResolveOptions.defaults().withGitRefs((url, ref) -> url.equals(FOO) ? foo : bar);
    }

    @Test
    void theLockOfAStackIsSortedAndStable() throws Exception {
        String text = LockFile.format(resolve(floating(), refs(COMMIT_1, COMMIT_2)));
        assertEquals("""
                # The commit each floating git source (branch: or tag:) of this stack stands for.
                # Written by 'hd lock' (run it again after 'hd fetch' to move on); commit it with the stack.
                version: 1
                git:
                  - url: 'https://example.org/bar.git'
                    tag: 'v2'
                    commit: %s
                  - url: 'https://example.org/foo.git'
                    branch: 'main'
                    commit: %s
                """.formatted(COMMIT_2, COMMIT_1), text);
        LockFile back = LockFile.parse(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(text, LockFile.format(back.entries()), "parse and format round-trip");
        assertEquals(COMMIT_1, back.get(FOO, "branch:main").orElseThrow().commit());
    }

    @Test
    void withALockFloatingSourcesResolveToTheLockedCommitsWithoutAskingAnyMirror() throws Exception {
        MapSpecSource s = floating();
        s.put(LockFile.FILE, LockFile.format(resolve(floating(), refs(COMMIT_1, COMMIT_2))));
        ResolvedStack rs = resolve(s, ResolveOptions.defaults()); // GitRefResolver.NONE would throw
        assertEquals(COMMIT_1, ((Source.Git) rs.get("app").sources().get(0)).commit());
        assertEquals(COMMIT_2, ((Source.Git) rs.get("lib").sources().get(0)).commit());
        assertEquals("branch:main", ((Source.Git) rs.get("app").sources().get(0)).ref());
        // and without the lock file, the mirror's commit again
        ResolvedStack unlocked = resolve(LockFile.without(s), refs(COMMIT_2, COMMIT_2));
        assertEquals(COMMIT_2, ((Source.Git) unlocked.get("app").sources().get(0)).commit());
    }

    @Test
    void aFloatingSourceTheLockDoesNotNameIsAnErrorNamingBoth() throws Exception {
        MapSpecSource s = floating();
        s.put(LockFile.FILE, LockFile.format(List.of(new LockFile.Entry(BAR, "tag:v2", COMMIT_2, null))));
        SpecException e = specError(s);
        assertAt(e, "pkgs/app.yaml", 2, 5);
        assertContains(e.getMessage(), "follows branch main of " + FOO + ", which stack.lock does not lock: the spec and"
                + " the lock disagree");
        assertContains(e.hint(), "hd lock");
    }

    @Test
    void aLockEntryNoSourceUsesIsAnErrorNamingBoth() throws Exception {
        MapSpecSource s = floating();
        s.put(LockFile.FILE, LockFile.format(List.of(new LockFile.Entry(BAR, "tag:v2", COMMIT_2, null),
                new LockFile.Entry(FOO, "branch:main", COMMIT_1, null), new LockFile.Entry(FOO, "branch:dev", COMMIT_1, null))));
        SpecException e = specError(s);
        assertAt(e, LockFile.FILE, 8, 5);
        assertContains(e.getMessage(), "locks branch dev of " + FOO + " to " + COMMIT_1.substring(0, 12)
                + ", but no package follows it; the spec has pkgs/app.yaml:2:5 (branch main)");
    }

    @Test
    void aPackageInDevelopModeKeepsItsLockEntries() throws Exception {
        MapSpecSource s = floating();
        s.put(LockFile.FILE, LockFile.format(resolve(floating(), refs(COMMIT_1, COMMIT_2))));
        ResolvedStack rs = resolve(s, ResolveOptions.defaults().withDevelop(
                Map.of("app", new ResolveOptions.Develop(Path.of("/work/app"), SourceKey.tree("3".repeat(40))))));
        assertTrue(rs.get("app").sources().get(0) instanceof Source.Local);
    }

    @Test
    void malformedLocksSayWhere() {
        assertAt(assertBad("version: 1\ngit:\n  - url: x\n    branch: main\n    commit: 12\n"), LockFile.FILE, 5, 13);
        assertAt(assertBad("version: 1\ngit:\n  - url: x\n    commit: " + COMMIT_1 + "\n"), LockFile.FILE, 3, 5);
        assertAt(assertBad("version: 2\n"), LockFile.FILE, 1, 10);
        assertAt(assertBad("version: 1\ngits: []\n"), LockFile.FILE, 2, 1);
        SpecException twice = assertBad("git:\n  - {url: x, branch: m, commit: " + COMMIT_1 + "}\n  - {url: x, branch: m, commit: "
                + COMMIT_2 + "}\n");
        assertContains(twice.getMessage(), "names branch m of x twice (also at stack.lock:2:5)");
    }

    private static SpecException assertBad(String text) {
        return org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> LockFile.parse(text.getBytes(StandardCharsets.UTF_8)));
    }
}
