package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.gitstore.Bisection.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@link Bisection}: binary search on a line, git's weighing on a DAG, skips, and the preference for built commits. */
class BisectionTest {

    /** Commits c1..cN on one line; the range after {@code good} (c{good}) up to cN. */
    private static List<History.Commit> line(int good, int n) {
        List<History.Commit> out = new ArrayList<>();
        for (int i = good + 1; i <= n; i++) {
            out.add(new History.Commit("c" + i, i == good + 1 ? List.of() : List.of("c" + (i - 1)), "commit " + i, ""));
        }
        return out;
    }

    private static int num(String id) {
        return Integer.parseInt(id.substring(1));
    }

    /** Runs a bisection where commits from {@code firstBad} on are bad; returns the tested commits. */
    private static List<String> run(Bisection b, Predicate<String> isBad, Set<String> untestable, Predicate<String> cheap) {
        List<String> tested = new ArrayList<>();
        for (int guard = 0; guard < 100 && !b.done(); guard++) {
            String c = b.next(cheap).orElseThrow();
            tested.add(c);
            b.mark(c, untestable.contains(c) ? Verdict.SKIP : isBad.test(c) ? Verdict.BAD : Verdict.GOOD);
        }
        assertTrue(b.done());
        return tested;
    }

    @Test
    void sixteenCommitsFirstBadElevenTakesFourTests() throws Exception {
        Bisection b = new Bisection(line(1, 16));
        assertTrue(b.linear());
        assertEquals(14, b.remaining());
        assertEquals(4, b.stepsLeft());
        List<String> tested = run(b, c -> num(c) >= 11, Set.of(), c -> false);
        assertEquals(List.of("c8", "c12", "c10", "c11"), tested);
        assertEquals(List.of("c11"), b.firstBad());
    }

    @Test
    void everyFirstBadIsFoundInAtMostCeilLog2Tests() throws Exception {
        for (int n = 2; n <= 40; n++) {
            for (int first = 2; first <= n; first++) {
                int f = first;
                Bisection b = new Bisection(line(1, n));
                List<String> tested = run(b, c -> num(c) >= f, Set.of(), c -> false);
                assertEquals(List.of("c" + first), b.firstBad(), n + "/" + first);
                int bound = 32 - Integer.numberOfLeadingZeros(n - 1); // ceil(log2(n - 1 + 1)) for n - 2 candidates
                assertTrue(tested.size() <= bound, n + "/" + first + ": " + tested);
                assertFalse(tested.contains("c" + n), "the known bad commit is never tested");
            }
        }
    }

    @Test
    void aBuiltCommitNearTheMiddleIsPreferredAFarOneIsNot() throws Exception {
        Bisection b = new Bisection(line(1, 16));
        assertEquals("c10", b.next(Set.of("c10", "c15")::contains).orElseThrow(), "c10 is in the middle half");
        assertEquals("c8", b.next(Set.of("c2", "c15")::contains).orElseThrow(), "c2 and c15 split too badly");
        List<String> tested = run(b, c -> num(c) >= 11, Set.of(), Set.of("c10", "c11")::contains);
        assertEquals("c10", tested.get(0));
        assertEquals(List.of("c11"), b.firstBad());
        assertTrue(tested.size() <= 5, tested.toString());
    }

    @Test
    void skippedCommitsAreSteppedAroundOrLeaveTheAnswerOpen() throws Exception {
        Bisection b = new Bisection(line(1, 16));
        List<String> tested = run(b, c -> num(c) >= 11, Set.of("c8", "c13"), c -> false);
        assertTrue(tested.contains("c8"), tested.toString());
        assertEquals(List.of("c11"), b.firstBad(), tested.toString());

        // the first bad commit sits right after a skipped one: the answer is both
        Bisection open = new Bisection(line(1, 16));
        run(open, c -> num(c) >= 11, Set.of("c10"), c -> false);
        assertEquals(List.of("c10", "c11"), open.firstBad());
    }

    @Test
    void aRangeOfOneCommitNeedsNoTest() throws Exception {
        Bisection b = new Bisection(line(4, 5));
        assertTrue(b.done());
        assertEquals(0, b.stepsLeft());
        assertEquals(List.of("c5"), b.firstBad());
    }

    @Test
    void mergesAreWeighedByTheirAncestors() throws Exception {
        // a - b - c - m - d ; a - x - y - m (m merges y); the bug comes with y
        List<History.Commit> dag = List.of(
                new History.Commit("a", List.of(), "", ""),
                new History.Commit("x", List.of("a"), "", ""),
                new History.Commit("b", List.of("a"), "", ""),
                new History.Commit("y", List.of("x"), "", ""),
                new History.Commit("c", List.of("b"), "", ""),
                new History.Commit("m", List.of("c", "y"), "", ""),
                new History.Commit("d", List.of("m"), "", ""));
        Bisection b = new Bisection(dag);
        assertFalse(b.linear());
        Set<String> badOnes = Set.of("y", "m", "d");
        List<String> tested = run(b, badOnes::contains, Set.of(), c -> false);
        assertEquals(List.of("y"), b.firstBad(), tested.toString());
        assertTrue(tested.size() <= 3, tested.toString());
    }
}
