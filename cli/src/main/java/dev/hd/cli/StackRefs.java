package dev.hd.cli;

import dev.hd.builder.ProfileId;
import dev.hd.builder.RefMap;
import dev.hd.builder.ResolutionCache;
import dev.hd.builder.Store;
import dev.hd.gitstore.WorkingTreeSpecSource;
import dev.hd.resolver.FileStamp;
import dev.hd.resolver.HdException;
import dev.hd.resolver.SourceKey;
import dev.hd.resolver.SpecSource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the ref map learns from a build without {@code k=v} overrides of a stack kept in git
 * (docs/git.md): for a revision, the commit's entry and log line and the stack tree's
 * profile; for a working tree that was resolved afresh, the profile of the tree git would
 * compute for it (so a later checkout of a commit with that content is a lookup, for
 * {@code hd checkout} and for the hooks' shell), and the commit's entry when that tree is
 * HEAD's.
 */
final class StackRefs {
    private final Main main;
    private final Store store;
    private final StackTarget target;

    StackRefs(Main main, Store store, StackTarget target) {
        this.main = main;
        this.store = store;
        this.target = target;
    }

    /**
     * @param fresh       the resolution made now, when it could be cached (empty: not resolved now, or not cacheable)
     * @param source      the source resolved now ({@code null} when the cache answered)
     * @param resolvedNow whether the stack was resolved now
     */
    void record(ProfileId pid, Optional<ResolutionCache.Entry> fresh, SpecSource source, boolean resolvedNow)
            throws HdException {
        if (target.topLevel() == null) {
            return;
        }
        RefMap refs = new RefMap(store);
        String top = target.topLevel().toString();
        String stackDir = target.stackDir();
        // what the cache answers was cacheable when it was resolved; a fresh resolution, when it is
        boolean contentDecides = !resolvedNow || fresh.isPresent();
        try {
            if (target.isRevision()) {
                refs.record(top, stackDir, target.refName().orElse(target.rev()), target.commit(), pid);
                if (contentDecides && target.tree().isPresent()) {
                    refs.recordTree(StackBuild.contextKey(main), target.tree().get(), pid);
                }
                return;
            }
            refs.registerStack(top, stackDir); // the hooks look after the link of a stack hd built
            if (!resolvedNow || fresh.isEmpty() || !(source instanceof WorkingTreeSpecSource w)) {
                return; // the cheap no-op path learns nothing new
            }
            Optional<String> tree = w.treeKey("").map(SourceKey::digest);
            if (tree.isEmpty() || !unchangedSinceResolved(w, target.repo().gitDir())) {
                return;
            }
            refs.recordTree(StackBuild.contextKey(main), tree.get(), pid);
            ResolutionCache.Entry e = fresh.get();
            new ResolutionCache(store).write(StackBuild.treeCacheKey(main, tree.get(), java.util.Map.of()),
                    new ResolutionCache.Entry(pid, e.artifacts(), e.probes(), List.of()), System.currentTimeMillis() * 1_000_000L);
            Optional<String> head = target.repo().head();
            if (head.isPresent() && target.repo().treeId(head.get(), stackDir).equals(tree)) {
                refs.record(top, stackDir, target.repo().branch().map(b -> "refs/heads/" + b).orElse("HEAD"), head.get(), pid);
            }
        } catch (IOException e) {
            throw new HdException("cannot record the build of " + target.describe() + " in " + store.refsDir() + ": "
                    + e.getMessage(), "check that the store is writable (the profile itself is built)");
        }
    }

    /**
     * Whether every file the resolution read still has the stamp it had: then the tree just
     * hashed is the content that was resolved, not an edit made during the build. (Unlike the
     * resolution cache, which keeps stamps for later runs, this needs no margin for the
     * clock's resolution: it would only miss a second write within one clock tick of hd's read,
     * and refusing recently written files would leave every build right after a checkout
     * unrecorded.)
     */
    private static boolean unchangedSinceResolved(WorkingTreeSpecSource w, java.nio.file.Path gitDir) {
        for (FileStamp s : w.stamps()) {
            // git's own files (the index, refreshed by any 'git status') decide only which files count,
            // and the tree was just computed from them as they are
            if (!s.path().startsWith(gitDir) && !s.isCurrent()) {
                return false;
            }
        }
        return true;
    }
}
