package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link History#range} on a real repository with a merge: first-parent line and the full DAG. */
class HistoryTest {
    @TempDir
    Path tmp;
    TestRepo t;
    String c1;
    String c2;
    String f1;
    String f2;
    String merge;
    String c3;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp.resolve("repo"));
        c1 = t.write("stack.yaml", "packages: {}\n").commit("one");
        t.git.branchCreate().setName("feature").call();
        c2 = t.write("a.txt", "a\n").commit("two");
        t.git.checkout().setName("feature").call();
        f1 = t.write("f.txt", "1\n").commit("feature one");
        f2 = t.write("f.txt", "2\n").commit("feature two\n\nwith a body");
        t.git.checkout().setName("main").call();
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        MergeResult m = t.git.merge().include(ObjectId.fromString(f2)).setCommit(false)
                .setFastForward(org.eclipse.jgit.api.MergeCommand.FastForwardMode.NO_FF).call();
        assertTrue(m.getMergeStatus().isSuccessful(), m.toString());
        merge = t.git.commit().setMessage("merge feature").setAuthor(who).setCommitter(who).call().name();
        c3 = t.write("b.txt", "b\n").commit("three");
    }

    private static List<String> ids(List<History.Commit> cs) {
        return cs.stream().map(History.Commit::id).toList();
    }

    @Test
    void firstParentIsTheMainlineOldestFirst() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            List<History.Commit> line = History.range(r, c1, c3, true);
            assertEquals(List.of(c2, merge, c3), ids(line));
            assertEquals(List.of(), line.get(0).parents());
            assertEquals(List.of(c2), line.get(1).parents(), "the merged branch is not followed");
            assertEquals("merge feature", line.get(1).subject());
            assertTrue(new Bisection(line).linear());
        }
    }

    @Test
    void theFullRangeHoldsTheMergedCommitsInTopologicalOrder() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            List<History.Commit> all = History.range(r, c1, c3, false);
            List<String> ids = ids(all);
            assertEquals(5, ids.size(), ids.toString());
            assertTrue(ids.indexOf(f1) < ids.indexOf(f2) && ids.indexOf(f2) < ids.indexOf(merge)
                    && ids.indexOf(c2) < ids.indexOf(merge), ids.toString());
            assertEquals(c3, ids.get(4));
            History.Commit m = all.get(ids.indexOf(merge));
            assertEquals(List.of(c2, f2), m.parents());
            assertEquals("feature two\n\nwith a body", all.get(ids.indexOf(f2)).message());
            assertEquals(List.of(), all.get(ids.indexOf(f1)).parents(), "c1 is good: outside the range");
        }
    }

    @Test
    void goodMustBeAnAncestorOfBad() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            HdException swapped = assertThrows(HdException.class, () -> History.range(r, c3, c1, true));
            assertTrue(swapped.getMessage().contains("swapped?"), swapped.getMessage());
            HdException same = assertThrows(HdException.class, () -> History.range(r, c2, c2, true));
            assertTrue(same.getMessage().contains("same commit"), same.getMessage());
            t.git.checkout().setName("feature").call();
            String side = t.write("g.txt", "g\n").commit("side");
            HdException unrelated = assertThrows(HdException.class, () -> History.range(r, side, c3, true));
            assertTrue(unrelated.getMessage().contains("is not an ancestor"), unrelated.getMessage());
            assertEquals(Optional.of(c2), History.firstParent(r, merge));
            assertEquals(Optional.empty(), History.firstParent(r, c1));
        }
    }
}
