package dev.hd.cli;

import dev.hd.gitstore.UpstreamMirrors;
import dev.hd.resolver.HdException;
import dev.hd.resolver.LockFile;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The git half of {@code hd fetch}: every upstream repository a stack uses is fetched into its
 * mirror and every commit it needs checked there (and kept), so a later build works offline;
 * with {@code --check}, nothing is fetched and each floating source is compared with where
 * upstream's branch or tag is now.
 */
final class GitFetch {
    private final Main main;
    private final Upstream.Refs refs;

    /** A git source of the stack, with the first package that uses it. */
    private record Use(String pkg, Source.Git git) {
    }

    GitFetch(Main main, Upstream.Refs refs) {
        this.main = main;
        this.refs = refs;
    }

    /** Fetches and reports; returns how many repositories failed. */
    int fetch(ResolvedStack rs) {
        Map<String, List<Use>> byUrl = byUrl(rs);
        PrintWriter out = main.ctx().out();
        PrintWriter err = main.ctx().err();
        int failed = 0;
        for (Map.Entry<String, List<Use>> e : byUrl.entrySet()) {
            String url = e.getKey();
            try {
                UpstreamMirrors.Fetched f = refs.fetchOnce(url);
                Set<String> commits = new LinkedHashSet<>();
                for (Use u : e.getValue()) {
                    commits.add(u.git().commit());
                }
                for (String c : commits) {
                    refs.mirrors().ensureCommit(url, c);
                }
                if (main.quiet()) {
                    continue;
                }
                for (Use u : e.getValue()) {
                    out.println(u.pkg() + "  " + what(u.git()) + "  " + u.git().commit().substring(0, 12)
                            + (f.created() ? "  (new mirror)" : ""));
                }
                if (!f.created() && !f.updated().isEmpty()) {
                    out.println("  " + url + ": " + f.updated().size() + " ref" + (f.updated().size() == 1 ? "" : "s")
                            + " updated");
                }
            } catch (HdException ex) {
                failed++;
                err.println("hd: " + e.getValue().get(0).pkg() + ": " + ex.getMessage());
                if (ex.hint() != null) {
                    err.println("hint: " + ex.hint());
                }
            }
        }
        if (!main.quiet() && !byUrl.isEmpty()) {
            out.println(byUrl.size() + " git repositor" + (byUrl.size() == 1 ? "y" : "ies") + " fetched into "
                    + new dev.hd.builder.Store(main.storeRoot()).gitMirrorsDir() + (failed == 0 ? "; building needs no network for them" : ""));
        }
        err.flush();
        return failed;
    }

    /**
     * Says for each floating source whether upstream moved: where the stack resolves it now
     * (the lock's commit, or the mirror's) against where upstream's ref is ({@code git ls-remote}).
     *
     * @return how many sources could not be checked
     */
    int check(ResolvedStack rs, boolean locked) {
        PrintWriter out = main.ctx().out();
        PrintWriter err = main.ctx().err();
        int failed = 0;
        int moved = 0;
        int floating = 0;
        Map<String, Use> seen = new LinkedHashMap<>();
        for (List<Use> uses : byUrl(rs).values()) {
            for (Use u : uses) {
                if (u.git().ref() != null) {
                    seen.putIfAbsent(u.git().url() + "\0" + u.git().ref(), u);
                }
            }
        }
        for (Use u : seen.values()) {
            floating++;
            Source.Git g = u.git();
            try {
                Optional<String> now = refs.mirrors().remoteRef(g.url(), g.ref());
                String at = g.commit().substring(0, 12) + (locked ? " (locked)" : "");
                if (now.isEmpty()) {
                    failed++;
                    err.println("hd: " + u.pkg() + ": " + LockFile.describe(g.url(), g.ref()) + " is gone upstream (the"
                            + " stack is at " + at + ")");
                } else if (now.get().equals(g.commit())) {
                    out.println(u.pkg() + "  " + what(g) + "  at " + at + ", up to date");
                } else {
                    moved++;
                    out.println(u.pkg() + "  " + what(g) + "  at " + at + ", upstream at " + now.get().substring(0, 12)
                            + ": moved");
                }
            } catch (HdException ex) {
                failed++;
                err.println("hd: " + u.pkg() + ": " + ex.getMessage());
            }
        }
        if (floating == 0) {
            out.println("no floating git sources (branch: or tag:) to check");
        } else if (moved > 0) {
            out.println(moved + " of " + floating + " floating source" + (floating == 1 ? "" : "s") + " moved upstream; "
                    + (locked ? "'hd lock --fetch' moves the lock to them" : "'hd fetch' then 'hd build' builds them"));
        } else if (failed == 0) {
            out.println("all " + floating + " floating source" + (floating == 1 ? " is" : "s are") + " up to date");
        }
        err.flush();
        return failed;
    }

    private static Map<String, List<Use>> byUrl(ResolvedStack rs) {
        Map<String, List<Use>> m = new LinkedHashMap<>();
        Set<String> dup = new LinkedHashSet<>();
        for (ResolvedPackage p : rs.packages()) {
            for (Source s : p.sources()) {
                if (s instanceof Source.Git g && dup.add(g.url() + "\0" + g.ref() + "\0" + g.commit())) {
                    m.computeIfAbsent(g.url(), k -> new ArrayList<>()).add(new Use(p.name(), g));
                }
            }
        }
        return m;
    }

    /** "branch main of URL" or "commit of URL", for lines. */
    static String what(Source.Git g) {
        return g.ref() == null ? "git " + g.url() : LockFile.describe(g.url(), g.ref());
    }
}
