package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The difference between a stack directory at a commit and the same directory in the working
 * tree, as hd sees the working tree (see {@link WorkingTreeSpecSource}: uncommitted changes and
 * untracked files count, ignored files and {@code .hd/} do not). One walk of the commit's
 * tree, the index and the directory; a file whose stat matches its index entry is compared by
 * the index's id, so only changed files are read, as {@code git status} does.
 */
public final class WorkingTreeDiff {
    private WorkingTreeDiff() {
    }

    /** What happened to a file. */
    public enum Kind {
        ADDED('A'), MODIFIED('M'), DELETED('D');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        /** A, M or D, as {@code git status --short} writes them. */
        public char letter() {
            return letter;
        }
    }

    /** One changed file, its path relative to the stack directory. */
    public record Change(Kind kind, String path) {
        @Override
        public String toString() {
            return kind.letter() + " " + path;
        }
    }

    private static final int COMMIT = 0;
    private static final int INDEX = 1;
    private static final int WORK = 2;

    static List<Change> diff(Repository repo, ObjectId commit, String stackDir) throws HdException {
        String prefix = stackDir.isEmpty() ? "" : stackDir + "/";
        List<Change> out = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader); TreeWalk tw = new TreeWalk(repo, reader)) {
            CanonicalTreeParser committed = new CanonicalTreeParser();
            committed.reset(reader, rw.parseCommit(commit).getTree());
            tw.addTree(committed);
            tw.addTree(new DirCacheIterator(repo.readDirCache()));
            FileTreeIterator work = new FileTreeIterator(repo);
            tw.addTree(work);
            work.setDirCacheIterator(tw, INDEX);
            tw.setRecursive(false);
            if (!stackDir.isEmpty()) {
                tw.setFilter(PathFilter.create(stackDir));
            }
            while (tw.next()) {
                String p = tw.getPathString();
                boolean inside = p.startsWith(prefix);
                String rel = inside ? p.substring(prefix.length()) : null;
                if (rel != null && (rel.equals(".hd") || rel.startsWith(".hd/"))) {
                    continue;
                }
                WorkingTreeIterator wt = tw.getTree(WORK, WorkingTreeIterator.class);
                boolean tracked = tw.getTree(INDEX, DirCacheIterator.class) != null;
                boolean inCommit = tw.getRawMode(COMMIT) != 0;
                boolean present = wt != null && (tracked || !wt.isEntryIgnored());
                if (tw.isSubtree()) {
                    if (present || inCommit) {
                        tw.enterSubtree();
                    }
                    continue;
                }
                if (!inside || tw.getFileMode(COMMIT) == FileMode.GITLINK || wt != null && tw.getFileMode(WORK) == FileMode.GITLINK) {
                    continue;
                }
                boolean committedFile = inCommit && tw.getFileMode(COMMIT) != FileMode.TREE;
                boolean workFile = present && tw.getFileMode(WORK) != FileMode.TREE;
                if (committedFile && !workFile) {
                    out.add(new Change(Kind.DELETED, rel));
                } else if (!committedFile && workFile) {
                    out.add(new Change(Kind.ADDED, rel));
                } else if (committedFile && (tw.getRawMode(COMMIT) != tw.getRawMode(WORK)
                        || !tw.getObjectId(COMMIT).equals(wt.getEntryObjectId()))) {
                    out.add(new Change(Kind.MODIFIED, rel));
                }
            }
        } catch (IOException e) {
            throw new HdException("cannot compare the working tree of " + repo.getWorkTree() + " with commit "
                    + commit.name() + ": " + e.getMessage(), "check it with 'git status'", e);
        }
        return out;
    }
}
