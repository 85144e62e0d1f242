package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Walks a stack repository's history between two commits: the commits that may have turned a
 * good revision into a bad one, as {@code git bisect} sees them. With {@code firstParent}
 * (git's {@code --first-parent}), only the mainline: from the bad commit back along first
 * parents, so each merge counts as one change and the commits of merged branches are not
 * candidates.
 */
public final class History {
    private History() {
    }

    /**
     * One commit of a range.
     *
     * @param id      the 40-hex commit id
     * @param parents its parents that are in the range too (first parent first)
     * @param subject the first line of its message
     * @param message the whole message
     */
    public record Commit(String id, List<String> parents, String subject, String message) {
        public Commit {
            Objects.requireNonNull(id, "id");
            parents = List.copyOf(parents);
        }
    }

    /**
     * The commits reachable from {@code bad} but not from {@code good}, oldest first (every
     * commit after its parents), {@code bad} last; with {@code firstParent} only those on
     * {@code bad}'s first-parent line.
     *
     * @throws HdException when {@code good} is not an ancestor of {@code bad} (or is it)
     */
    public static List<Commit> range(StackRepo repo, String good, String bad, boolean firstParent) throws HdException {
        String top = String.valueOf(repo.topLevel());
        try (RevWalk w = new RevWalk(repo.repository())) {
            RevCommit g = w.parseCommit(ObjectId.fromString(good));
            RevCommit b = w.parseCommit(ObjectId.fromString(bad));
            if (g.equals(b)) {
                throw new HdException("the good and the bad revision are the same commit (" + abbrev(bad) + ")",
                        "give a good revision older than the bad one, e.g. hd bisect v1.0 HEAD -- CMD");
            }
            if (!w.isMergedInto(g, b)) {
                boolean reversed = w.isMergedInto(b, g);
                throw new HdException("the good revision " + abbrev(good) + " is not an ancestor of the bad revision "
                        + abbrev(bad) + " in " + top + (reversed ? " (the bad one is older: swapped?)" : ""),
                        reversed ? "give the good (older) revision first: hd bisect GOOD BAD -- CMD"
                                : "hd bisect searches the history between them: give a good revision that the bad one descends from");
            }
            w.reset();
            w.sort(RevSort.TOPO, true);
            w.sort(RevSort.REVERSE, true);
            w.markStart(w.parseCommit(b));
            w.markUninteresting(w.parseCommit(g));
            List<RevCommit> all = new ArrayList<>();
            Map<String, RevCommit> byId = new HashMap<>();
            for (RevCommit c : w) {
                all.add(c);
                byId.put(c.name(), c);
            }
            List<Commit> out = new ArrayList<>();
            if (firstParent) {
                List<RevCommit> line = new ArrayList<>();
                for (RevCommit c = byId.get(b.name()); c != null;
                     c = c.getParentCount() == 0 ? null : byId.get(c.getParent(0).name())) {
                    line.add(c);
                }
                Collections.reverse(line);
                String prev = null;
                for (RevCommit c : line) {
                    out.add(new Commit(c.name(), prev == null ? List.of() : List.of(prev), c.getShortMessage(),
                            c.getFullMessage()));
                    prev = c.name();
                }
                return out;
            }
            for (RevCommit c : all) {
                List<String> parents = new ArrayList<>();
                for (RevCommit p : c.getParents()) {
                    if (byId.containsKey(p.name())) {
                        parents.add(p.name());
                    }
                }
                out.add(new Commit(c.name(), parents, c.getShortMessage(), c.getFullMessage()));
            }
            return out;
        } catch (IOException e) {
            throw new HdException("cannot walk the history of " + top + " from " + abbrev(good) + " to " + abbrev(bad)
                    + ": " + e.getMessage(), "check the repository with 'git -C " + top + " fsck'", e);
        }
    }

    /** The commit's first parent, or empty for a root commit. */
    public static java.util.Optional<String> firstParent(StackRepo repo, String commit) throws HdException {
        try (RevWalk w = new RevWalk(repo.repository())) {
            RevCommit c = w.parseCommit(ObjectId.fromString(commit));
            return c.getParentCount() == 0 ? java.util.Optional.empty() : java.util.Optional.of(c.getParent(0).name());
        } catch (IOException e) {
            throw new HdException("cannot read commit " + abbrev(commit) + " of " + repo.topLevel() + ": " + e.getMessage(),
                    null, e);
        }
    }

    /** The commit's whole message. */
    public static String message(StackRepo repo, String commit) throws HdException {
        try (RevWalk w = new RevWalk(repo.repository())) {
            return w.parseCommit(ObjectId.fromString(commit)).getFullMessage();
        } catch (IOException e) {
            throw new HdException("cannot read commit " + abbrev(commit) + " of " + repo.topLevel() + ": " + e.getMessage(),
                    null, e);
        }
    }

    private static String abbrev(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
