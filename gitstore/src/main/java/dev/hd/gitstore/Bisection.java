package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The state of a bisection over a {@link History#range}, and the choice of the next commit to
 * test, as {@code git bisect} makes it: every commit still in question is weighed by how many
 * of the commits in question it descends from (itself included); the best candidate splits
 * them most evenly. A linear range (first parent) is plain binary search.
 *
 * <p>One refinement: a candidate that costs nothing to test (its profile is already built) is
 * preferred when it splits at least half as well as the best one — within the middle half of
 * a linear range. That costs at most about half a step more in the worst case, and saves a
 * build, which is what takes the time.
 *
 * <p>No JGit and no I/O here: the caller tests commits and {@link #mark}s them.
 */
public final class Bisection {
    /** Above this many commits a non-linear range is refused (the ancestor sets are quadratic). */
    static final int MAX_DAG_COMMITS = 20_000;
    /** At most this many candidates, best first, are asked whether they are cheap, per choice. */
    static final int MAX_CHEAP_QUESTIONS = 64;

    /** What a tested commit turned out to be. */
    public enum Verdict { GOOD, BAD, SKIP }

    private final List<History.Commit> commits;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean linear;
    /** Ancestors of each commit within the range, itself included (only for a non-linear range). */
    private final BitSet[] ancestors;
    /** The commits that may still be the first bad one (the current bad included). */
    private final BitSet alive = new BitSet();
    private final BitSet skipped = new BitSet();
    private int bad;

    /**
     * @param range oldest first, every commit after its parents, the known bad commit last;
     *              parents outside the range are not listed (they are good)
     */
    public Bisection(List<History.Commit> range) throws HdException {
        if (range.isEmpty()) {
            throw new IllegalArgumentException("empty range");
        }
        this.commits = List.copyOf(range);
        boolean lin = true;
        for (int i = 0; i < commits.size(); i++) {
            index.put(commits.get(i).id(), i);
            List<String> ps = commits.get(i).parents();
            if (ps.size() > 1 || ps.size() == 1 && (i == 0 || !ps.get(0).equals(commits.get(i - 1).id()))
                    || ps.isEmpty() && i > 0) {
                lin = false;
            }
        }
        this.linear = lin;
        if (!linear && commits.size() > MAX_DAG_COMMITS) {
            throw new HdException("the range holds " + commits.size() + " commits with merges; hd bisects at most "
                    + MAX_DAG_COMMITS + " that way", "bisect along first parents (the default), or give a newer good revision");
        }
        if (linear) {
            ancestors = null;
        } else {
            ancestors = new BitSet[commits.size()];
            for (int i = 0; i < commits.size(); i++) {
                BitSet a = new BitSet();
                a.set(i);
                for (String p : commits.get(i).parents()) {
                    Integer j = index.get(p);
                    if (j == null || j >= i) {
                        throw new IllegalArgumentException("range not in topological order at " + commits.get(i).id());
                    }
                    a.or(ancestors[j]);
                }
                ancestors[i] = a;
            }
        }
        alive.set(0, commits.size());
        bad = commits.size() - 1;
    }

    /** Whether the range is a single line (each commit's parent is the one before). */
    public boolean linear() {
        return linear;
    }

    /** How many commits the range holds. */
    public int size() {
        return commits.size();
    }

    /** The commit, by id. */
    public Optional<History.Commit> commit(String id) {
        Integer i = index.get(id);
        return i == null ? Optional.empty() : Optional.of(commits.get(i));
    }

    private BitSet ancestorsOf(int i) {
        if (linear) {
            BitSet b = new BitSet();
            b.set(0, i + 1);
            return b;
        }
        return ancestors[i];
    }

    /** Records the outcome of testing {@code id}. */
    public void mark(String id, Verdict v) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("not in the range: " + id);
        }
        switch (v) {
            case GOOD -> alive.andNot(ancestorsOf(i));
            case BAD -> {
                alive.and(ancestorsOf(i));
                bad = i;
            }
            case SKIP -> skipped.set(i);
        }
    }

    /** The commits that can still be tested: in question, not the known bad one, not skipped. */
    private BitSet testable() {
        BitSet t = (BitSet) alive.clone();
        t.clear(bad);
        t.andNot(skipped);
        return t;
    }

    /** How many commits are left to test (skipped ones not counted). */
    public int remaining() {
        return testable().cardinality();
    }

    /** About how many more tests binary search needs: log2 of the commits left, rounded up. */
    public int stepsLeft() {
        int n = remaining();
        return n == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(n);
    }

    /** Whether no commit is left to test: {@link #firstBad()} is the answer. */
    public boolean done() {
        return testable().isEmpty();
    }

    /**
     * The next commit to test, or empty when done.
     *
     * @param cheap whether testing a commit costs nothing (its profile is built); asked only
     *              of candidates that split well enough, best first, and of at most
     *              {@value #MAX_CHEAP_QUESTIONS}
     */
    public Optional<String> next(Predicate<String> cheap) {
        BitSet t = testable();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        int n = alive.cardinality();
        List<int[]> scored = new ArrayList<>(); // {index, score}
        int best = -1;
        for (int i = t.nextSetBit(0); i >= 0; i = t.nextSetBit(i + 1)) {
            BitSet w = (BitSet) ancestorsOf(i).clone();
            w.and(alive);
            int weight = w.cardinality();
            int score = Math.min(weight, n - weight);
            scored.add(new int[] {i, score});
            best = Math.max(best, score);
        }
        // best first; ties: the older commit, as the order of the range is stable
        scored.sort((a, b) -> a[1] != b[1] ? Integer.compare(b[1], a[1]) : Integer.compare(a[0], b[0]));
        int asked = 0;
        for (int[] s : scored) {
            if (2 * s[1] < best || asked++ == MAX_CHEAP_QUESTIONS) {
                break;
            }
            String id = commits.get(s[0]).id();
            if (cheap.test(id)) {
                return Optional.of(id);
            }
        }
        return Optional.of(commits.get(scored.get(0)[0]).id());
    }

    /**
     * The answer so far: the first bad commit alone when it is known; when skipped commits
     * keep it open, every commit that may be it (the skipped ones still in question and the
     * first known bad one), oldest first.
     */
    public List<String> firstBad() {
        List<String> out = new ArrayList<>();
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (i == bad || skipped.get(i)) {
                out.add(commits.get(i).id());
            }
        }
        return out;
    }
}
