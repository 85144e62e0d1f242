package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.StackDiff;
import dev.hd.resolver.StackDiff.Change;
import dev.hd.resolver.StackDiff.Rebuilt;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders a {@link StackDiff} for people ({@code hd diff}, {@code hd why --rebuild},
 * {@code hd bisect}'s answer) and as JSON. Ids and keys are shortened to 12 characters;
 * a changed stage shows the lines it lost and gained.
 */
final class DiffView {
    /** At most this many changed lines of one stage (or value) are shown. */
    static final int MAX_LINES = 12;
    private static final int MAX_VALUE = 60;

    private DiffView() {
    }

    /** The whole diff: a summary line, then added, removed and rebuilt packages with their changes. */
    static void print(PrintWriter out, StackDiff d, String fromLabel, String toLabel, String indent) {
        out.println(indent + summary(d, fromLabel, toLabel));
        if (d.isEmpty() && d.parameters().isEmpty()) {
            return;
        }
        int w = 0;
        for (ResolvedPackage p : d.added()) {
            w = Math.max(w, p.label().length());
        }
        for (ResolvedPackage p : d.removed()) {
            w = Math.max(w, p.label().length());
        }
        for (Rebuilt r : d.rebuilt()) {
            w = Math.max(w, r.to().label().length());
        }
        for (ResolvedPackage p : d.added()) {
            out.println(indent + "  added    " + pad(p.label(), w) + "  " + p.id().shortForm());
        }
        for (ResolvedPackage p : d.removed()) {
            out.println(indent + "  removed  " + pad(p.label(), w) + "  " + p.id().shortForm());
        }
        for (Rebuilt r : d.rebuilt()) {
            out.println(indent + "  rebuilt  " + pad(r.to().label(), w) + "  " + r.from().id().shortForm() + " -> "
                    + r.to().id().shortForm());
            for (String line : explain(d, r)) {
                out.println(indent + "           " + line);
            }
        }
        if (!d.enteringProfile().isEmpty() || !d.leavingProfile().isEmpty()) {
            List<String> parts = new ArrayList<>();
            d.enteringProfile().forEach(n -> parts.add("+" + n));
            d.leavingProfile().forEach(n -> parts.add("-" + n));
            out.println(indent + "  profile  " + String.join(" ", parts));
        }
        for (Change c : d.parameters()) {
            out.println(indent + "  stack    " + describe(c).get(0));
        }
    }

    static String summary(StackDiff d, String fromLabel, String toLabel) {
        if (d.isEmpty()) {
            return fromLabel + " and " + toLabel + " build the same " + d.unchanged().size() + " package"
                    + (d.unchanged().size() == 1 ? "" : "s") + (d.parameters().isEmpty() ? "." : " (only unused parameters differ).");
        }
        return fromLabel + " -> " + toLabel + ": " + d.rebuilt().size() + " rebuilt, " + d.added().size() + " added, "
                + d.removed().size() + " removed, " + d.unchanged().size() + " unchanged";
    }

    /** What changed in a rebuilt package, one line each (a dependency-only rebuild says which dependency). */
    static List<String> explain(StackDiff d, Rebuilt r) {
        List<String> out = new ArrayList<>();
        for (Change c : r.ownChanges()) {
            out.addAll(describe(c));
        }
        List<String> deps = r.changedDependencies();
        if (!deps.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.onlyDependencies() ? "only " : "").append(deps.size() == 1 ? "dependency " : "dependencies ")
                    .append(String.join(", ", deps)).append(deps.size() == 1 ? " has a new id" : " have new ids");
            List<String> roots = new ArrayList<>(d.rootCauses(r.name()));
            roots.remove(r.name());
            roots.removeAll(deps);
            if (!roots.isEmpty()) {
                sb.append(" (because ").append(String.join(", ", roots)).append(" changed)");
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** One change for people: the first line names it; more lines (indented) show a changed script. */
    static List<String> describe(Change c) {
        List<String> out = new ArrayList<>();
        switch (c.input()) {
            case VERSION -> out.add("version " + value(c.from()) + " -> " + value(c.to()));
            case FORMAT -> out.add("build spec format " + c.from() + " -> " + c.to());
            case SOURCE -> {
                if (c.added()) {
                    out.add("source " + c.what() + " added (" + key(c.to()) + ")");
                } else if (c.removed()) {
                    out.add("source " + c.what() + " removed (was " + key(c.from()) + ")");
                } else if (c.aspect().equals("key")) {
                    out.add("source " + c.what() + ": " + key(c.from()) + " -> " + key(c.to()));
                } else {
                    out.add("source " + c.what() + ": " + c.aspect() + " " + c.from() + " -> " + c.to());
                }
            }
            case STAGE -> {
                if (c.aspect().equals("order")) {
                    out.add("stage order: " + c.from() + " -> " + c.to());
                } else if (c.added()) {
                    out.add("stage " + c.what() + " added");
                    out.addAll(lines(null, c.to()));
                } else if (c.removed()) {
                    out.add("stage " + c.what() + " removed");
                } else {
                    out.add("stage " + c.what() + " changed");
                    out.addAll(lines(c.from(), c.to()));
                }
            }
            case DEPENDENCY -> {
                if (c.dependencyIdOnly()) {
                    out.add("dependency " + c.what() + ": " + id(c.from()) + " -> " + id(c.to()));
                } else if (c.added()) {
                    out.add("dependency " + c.what() + " added (" + c.to() + ")");
                } else if (c.removed()) {
                    out.add("dependency " + c.what() + " removed (was " + c.from() + ")");
                } else {
                    out.add("dependency " + c.what() + ": " + c.from() + " -> " + c.to());
                }
            }
            case ENV, PARAMETER, PLATFORM, WHEN_BUILD_DEPENDENCY, HOST, OTHER -> {
                String what = c.input().label() + " " + c.what();
                if (c.aspect().equals("order")) {
                    out.add(c.input().label() + " order: " + c.from() + " -> " + c.to());
                } else if (multiline(c.from()) || multiline(c.to())) {
                    out.add(what + (c.added() ? " added" : c.removed() ? " removed" : " changed"));
                    out.addAll(lines(c.from(), c.to()));
                } else if (c.added()) {
                    out.add(what + " added: " + value(c.to()));
                } else if (c.removed()) {
                    out.add(what + " removed (was " + value(c.from()) + ")");
                } else {
                    out.add(what + ": " + value(c.from()) + " -> " + value(c.to()));
                }
            }
        }
        return out;
    }

    private static boolean multiline(String s) {
        return s != null && s.strip().contains("\n");
    }

    /** The lines lost ({@code -}) and gained ({@code +}), indented, at most {@link #MAX_LINES}. */
    static List<String> lines(String from, String to) {
        List<String> diff = LineDiff.changed(from == null ? List.of() : from.lines().toList(),
                to == null ? List.of() : to.lines().toList());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < diff.size() && i < MAX_LINES; i++) {
            out.add("  " + diff.get(i));
        }
        if (diff.size() > MAX_LINES) {
            out.add("  ... " + (diff.size() - MAX_LINES) + " more changed lines");
        }
        return out;
    }

    private static String value(String v) {
        if (v == null) {
            return "(none)";
        }
        String one = v.replace("\n", "\\n");
        String s = one.length() > MAX_VALUE ? one.substring(0, MAX_VALUE - 3) + "..." : one;
        return s.isEmpty() || !s.equals(s.strip()) || s.contains(" ") ? "'" + s + "'" : s;
    }

    /** A source key, shortened: sha256:1a2b3c4d5e6f, tree:0123456789ab. */
    static String key(String k) {
        if (k == null) {
            return "(none)";
        }
        int colon = k.indexOf(':');
        return colon < 0 || k.length() <= colon + 13 ? k : k.substring(0, colon + 13);
    }

    private static String id(String id) {
        return id == null ? "(none)" : id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String pad(String s, int w) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < w) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /**
     * Why one package rebuilds, as a tree: its own changes, then each dependency whose new
     * id it sees, explained the same way; a package already explained is not repeated.
     */
    static void printCauses(PrintWriter out, StackDiff d, Rebuilt r, String indent) {
        printCauses(out, d, r, indent, new HashSet<>());
    }

    private static void printCauses(PrintWriter out, StackDiff d, Rebuilt r, String indent, Set<String> done) {
        done.add(r.name());
        for (Change c : r.ownChanges()) {
            for (String line : describe(c)) {
                out.println(indent + line);
            }
        }
        for (String dep : r.changedDependencies()) {
            Rebuilt dr = d.rebuilt(dep).orElse(null);
            if (dr == null) {
                continue;
            }
            String head = "dependency " + dr.to().label() + " rebuilds (" + dr.from().id().shortForm() + " -> "
                    + dr.to().id().shortForm() + ")";
            if (done.contains(dep)) {
                out.println(indent + head + ", see above");
                continue;
            }
            out.println(indent + head + (dr.onlyDependencies() ? ": only because of its dependencies" : ":"));
            printCauses(out, d, dr, indent + "  ", done);
        }
    }

    // --- JSON

    static ObjectNode json(StackDiff d, ObjectNode doc) {
        ArrayNode added = doc.putArray("added");
        d.added().forEach(p -> pkg(added.addObject(), p));
        ArrayNode removed = doc.putArray("removed");
        d.removed().forEach(p -> pkg(removed.addObject(), p));
        ArrayNode rebuilt = doc.putArray("rebuilt");
        for (Rebuilt r : d.rebuilt()) {
            rebuilt.add(rebuilt(d, r, doc.objectNode()));
        }
        ArrayNode unchanged = doc.putArray("unchanged");
        d.unchanged().forEach(unchanged::add);
        ObjectNode profile = doc.putObject("profile");
        ArrayNode in = profile.putArray("entering");
        d.enteringProfile().forEach(in::add);
        ArrayNode outOf = profile.putArray("leaving");
        d.leavingProfile().forEach(outOf::add);
        ArrayNode params = doc.putArray("parameters");
        d.parameters().forEach(c -> change(params.addObject(), c));
        return doc;
    }

    static ObjectNode rebuilt(StackDiff d, Rebuilt r, ObjectNode o) {
        o.put("name", r.name());
        pkg(o.putObject("from"), r.from());
        pkg(o.putObject("to"), r.to());
        o.put("only_dependencies", r.onlyDependencies());
        ArrayNode roots = o.putArray("root_causes");
        d.rootCauses(r.name()).forEach(roots::add);
        ArrayNode changes = o.putArray("changes");
        r.changes().forEach(c -> change(changes.addObject(), c));
        return o;
    }

    private static void pkg(ObjectNode o, ResolvedPackage p) {
        o.put("name", p.name());
        o.put("version", p.version());
        o.put("id", p.id().value());
    }

    private static void change(ObjectNode o, Change c) {
        o.put("input", c.input().label());
        o.put("what", c.what());
        o.put("aspect", c.aspect());
        if (c.from() == null) {
            o.putNull("from");
        } else {
            o.put("from", c.from());
        }
        if (c.to() == null) {
            o.putNull("to");
        } else {
            o.put("to", c.to());
        }
        o.put("dependency_id_only", c.dependencyIdOnly());
    }
}
