package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitCli} against the real git executable, with the git configuration isolated. */
class GitCliIT {
    @TempDir
    Path tmp;
    TestRepo t;
    Map<String, String> env;
    String c1;
    String c2;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp.resolve("repo"));
        c1 = t.write("stack/stack.yaml", "packages: {}\n").write("README", "r\n").commit("one");
        t.git.tag().setName("v1").call();
        c2 = t.write("stack/pkgs/a.yaml", "version: 1\n").write("main", "a file named like the branch\n").commit("two");
        t.git.branchCreate().setName("old").setStartPoint(c1).call();
        env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_CONFIG_GLOBAL", "/dev/null"));
    }

    private GitCli git() throws Exception {
        return GitCli.at(t.dir.toRealPath().normalize(), env);
    }

    private static String tree(TestRepo t, String commit, String dir) throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            return r.treeId(commit, dir).orElseThrow();
        }
    }

    @Test
    void revisionsResolveToCommitRefAndStackTree() throws Exception {
        GitCli g = git();
        GitCli.Revision main = g.resolve("main", "stack");
        assertEquals(c2, main.commit());
        assertEquals(Optional.of("refs/heads/main"), main.ref());
        assertEquals(Optional.of(tree(t, c2, "stack")), main.tree());
        GitCli.Revision v1 = g.resolve("v1", "");
        assertEquals(c1, v1.commit());
        assertEquals(Optional.of("refs/tags/v1"), v1.ref());
        assertEquals(Optional.of(tree(t, c1, "")), v1.tree());
        GitCli.Revision back = g.resolve("HEAD~1", "stack/pkgs");
        assertEquals(c1, back.commit());
        assertEquals(Optional.empty(), back.ref());
        assertEquals(Optional.empty(), back.tree(), "no stack/pkgs in the first commit");
        assertEquals(c2, g.resolve(c2.substring(0, 9), "stack").commit());
    }

    @Test
    void unknownRevisionsGiveTheGitLikeError() throws Exception {
        HdException e = assertThrows(HdException.class, () -> git().resolve("nope", ""));
        assertEquals("unknown revision 'nope': not a branch, tag or commit in " + t.dir.toRealPath(), e.getMessage());
        assertThrows(HdException.class, () -> git().resolve("-f", ""));
    }

    @Test
    void uncommittedChangesAreTrackedFilesOnly() throws Exception {
        GitCli g = git();
        assertEquals(List.of(), g.uncommittedChanges());
        t.write("untracked.txt", "u\n");
        assertEquals(List.of(), g.uncommittedChanges(), "untracked files do not stop a checkout");
        t.write("README", "changed\n");
        assertEquals(List.of(" M README"), g.uncommittedChanges());
    }

    @Test
    void checkoutMovesTheWorkingTreeAndRefusesWhatGitRefuses() throws Exception {
        GitCli g = git();
        String said = g.checkout("old", false, Map.of());
        assertTrue(said.contains("Switched to branch 'old'"), said);
        assertEquals(Optional.of("refs/heads/old"), g.headRef());
        assertTrue(Files.notExists(t.dir.resolve("stack/pkgs/a.yaml")));
        g.checkout(c2, false, Map.of());
        assertEquals(Optional.empty(), g.headRef(), "a commit id detaches HEAD");
        assertTrue(Files.exists(t.dir.resolve("stack/pkgs/a.yaml")));
        t.write("stack/pkgs/a.yaml", "local change\n");
        HdException e = assertThrows(HdException.class, () -> g.checkout("old", false, Map.of()));
        assertTrue(e.getMessage().contains("git checkout old failed"), e.getMessage());
        assertEquals("local change\n", Files.readString(t.dir.resolve("stack/pkgs/a.yaml")), "git refused: nothing changed");
        g.checkout("old", true, Map.of());
        assertTrue(Files.notExists(t.dir.resolve("stack/pkgs/a.yaml")), "--force discards local changes");
    }

    @Test
    void hooksDirectoryFollowsCoreHooksPath() throws Exception {
        GitCli g = git();
        assertEquals(t.dir.toRealPath().resolve(".git/hooks"), g.hooksDir());
        t.git.getRepository().getConfig().setString("core", null, "hooksPath", "my-hooks");
        t.git.getRepository().getConfig().save();
        assertEquals(t.dir.toRealPath().resolve("my-hooks"), g.hooksDir());
        t.git.getRepository().getConfig().setString("core", null, "hooksPath", tmp.resolve("shared").toString());
        t.git.getRepository().getConfig().save();
        assertEquals(tmp.resolve("shared"), g.hooksDir());
    }

    @Test
    void gitMissingFromPathIsAClearError() {
        env.put("PATH", tmp.resolve("nothing").toString());
        HdException e = assertThrows(HdException.class, this::git);
        assertTrue(e.getMessage().startsWith("git is not installed"), e.getMessage());
    }
}
