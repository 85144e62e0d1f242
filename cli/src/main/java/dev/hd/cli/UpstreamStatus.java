package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.gitstore.WorkingDirTree;
import dev.hd.resolver.HdException;
import dev.hd.resolver.LockFile;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stack's upstream sources and develop packages are doing, for {@code hd resolve} and
 * {@code hd status}: the commit each floating source resolved to (and, when the stack is
 * locked, whether the mirror has moved past the lock), and each develop package's directory
 * with git's view of it (clean, or which files changed since its HEAD). Offline: asking
 * upstream is {@code hd fetch --check}'s job.
 *
 * <p>For {@code hd status}: {@link #develop(Main, Path)} needs no resolution (the develop
 * state of a checkout); {@link #of(Main, Upstream, ResolvedStack)} describes a resolved stack.
 */
final class UpstreamStatus {
    /** One fact about one package; {@code kind} is "floating", "pinned" or "develop". */
    record Item(String pkg, String kind, String text) {
        String line() {
            return pkg + ": " + text;
        }
    }

    private UpstreamStatus() {
    }

    /** The packages of a stack checkout in develop mode and their directories (no resolution, no git). */
    static Map<String, Path> develop(Main main, Path stackDir) throws HdException {
        return DevelopState.read(stackDir).packages();
    }

    /** The floating and develop sources of a resolved stack, in stack order. */
    static List<Item> of(Main main, Upstream upstream, ResolvedStack rs) throws HdException {
        List<Item> out = new ArrayList<>();
        boolean locked = false;
        try {
            locked = LockFile.read(rs.source()).isPresent();
        } catch (HdException e) {
            // the resolution read it already; a broken lock would have failed there
        }
        for (ResolvedPackage p : rs.packages()) {
            for (Source s : p.sources()) {
                if (s instanceof Source.Git g && g.ref() != null) {
                    String text = GitFetch.what(g) + " at " + g.commit().substring(0, 12);
                    if (locked) {
                        Optional<String> mirror = Upstream.mirrors(main).localRef(g.url(), g.ref());
                        text += " (locked" + (mirror.isPresent() && !mirror.get().equals(g.commit())
                                ? "; the mirror is at " + mirror.get().substring(0, 12) + ": 'hd lock' moves the lock there"
                                : "") + ")";
                    }
                    out.add(new Item(p.name(), "floating", text));
                } else if (s instanceof Source.Local l) {
                    out.add(new Item(p.name(), "develop", "develop mode, from " + l.dir() + " " + describe(upstream.snapshot(l.dir()))));
                }
            }
        }
        return out;
    }

    /** "(clean at HEAD 1a2b3c4d5e6f)", "(2 files changed since HEAD ...: a.c, b.c)", ... */
    static String describe(WorkingDirTree.Snapshot s) {
        if (!s.inGit()) {
            return "(no git repository: every file is hashed on each build)";
        }
        if (s.head().isEmpty()) {
            return "(no commit yet)";
        }
        String head = "HEAD " + s.head().get().substring(0, 12);
        if (s.changed().isEmpty()) {
            return "(clean at " + head + ")";
        }
        List<String> shown = s.changed().size() <= 5 ? s.changed() : s.changed().subList(0, 5);
        return "(" + s.changed().size() + " file" + (s.changed().size() == 1 ? "" : "s") + " changed since " + head + ": "
                + String.join(", ", shown) + (s.changed().size() > shown.size() ? ", ..." : "") + ")";
    }

    /** The items as a JSON array (for {@code --json} documents). */
    static void toJson(List<Item> items, ArrayNode into) {
        for (Item i : items) {
            ObjectNode o = into.addObject();
            o.put("package", i.pkg());
            o.put("kind", i.kind());
            o.put("text", i.text());
        }
    }
}
