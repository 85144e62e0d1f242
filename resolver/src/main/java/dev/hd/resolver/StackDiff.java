package dev.hd.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How two resolved stacks differ: the packages added, removed and rebuilt (same name,
 * another artifact id), and for every rebuilt package exactly which inputs of its build spec
 * changed. The canonical build specs are compared as JSON trees, field by field, never as
 * text: a changed source key, a stage's bash, a parameter, an env variable, or only the id
 * of a dependency (and which one). Because a dependency enters a build spec by id, a change
 * deep down the DAG shows in every dependent as a dependency change; {@link #rootCauses}
 * follows those back to the packages whose own inputs changed.
 *
 * <p>{@code from} is the older side (what {@code hd diff} names first), {@code to} the newer.
 */
public final class StackDiff {

    /** The kinds of input a build spec has (its top-level fields). */
    public enum Input {
        VERSION("version"),
        SOURCE("source"),
        STAGE("stage"),
        PARAMETER("parameter"),
        ENV("env"),
        DEPENDENCY("dependency"),
        WHEN_BUILD_DEPENDENCY("when_build_dependency"),
        HOST("host"),
        PLATFORM("platform"),
        FORMAT("format"),
        OTHER("other");

        private final String label;

        Input(String label) {
            this.label = label;
        }

        /** The spelling in hd's output and JSON. */
        public String label() {
            return label;
        }
    }

    /**
     * One changed input of a package.
     *
     * @param input  what kind of input
     * @param what   which one: the stage, parameter, variable or dependency name, the source's
     *               path or url; "version", "stages", "env"; for a host package "probe" or
     *               "output" ("host" when it became or stopped being one)
     * @param aspect which part of it changed: "value"; for a source "key", "target" or
     *               "strip"; for a stage "bash"; for a dependency "id" (its artifact id) or
     *               "kinds" (build, run: a dependency added, removed or turned from one kind
     *               into another); "order" when only the order of stages, variables or
     *               actions changed
     * @param from   the value before, {@code null} when the input was added
     * @param to     the value after, {@code null} when it was removed
     */
    public record Change(Input input, String what, String aspect, String from, String to) {
        public Change {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(aspect, "aspect");
        }

        /** The input was not there before. */
        public boolean added() {
            return from == null && to != null;
        }

        /** The input is not there any more. */
        public boolean removed() {
            return from != null && to == null;
        }

        /**
         * Only the artifact id of a dependency that is there on both sides changed: the
         * package's own spec did not change, something below it did.
         */
        public boolean dependencyIdOnly() {
            return input == Input.DEPENDENCY && aspect.equals("id") && from != null && to != null;
        }
    }

    /**
     * A package on both sides with different artifact ids.
     *
     * @param changes what differs, in the order of the build spec's fields
     */
    public record Rebuilt(ResolvedPackage from, ResolvedPackage to, List<Change> changes) {
        public Rebuilt {
            changes = List.copyOf(changes);
        }

        public String name() {
            return to.name();
        }

        /** The changes of the package's own spec (everything but a dependency's new id). */
        public List<Change> ownChanges() {
            return changes.stream().filter(c -> !c.dependencyIdOnly()).toList();
        }

        /** Whether it rebuilds only because dependencies have new ids. */
        public boolean onlyDependencies() {
            return ownChanges().isEmpty();
        }

        /** The dependencies whose new id is (part of) why it rebuilds, sorted. */
        public List<String> changedDependencies() {
            return changes.stream().filter(Change::dependencyIdOnly).map(Change::what).sorted().toList();
        }
    }

    private final ResolvedStack from;
    private final ResolvedStack to;
    private final List<ResolvedPackage> added = new ArrayList<>();
    private final List<ResolvedPackage> removed = new ArrayList<>();
    private final Map<String, Rebuilt> rebuilt = new LinkedHashMap<>();
    private final List<String> unchanged = new ArrayList<>();
    private final List<Change> parameters;

    private StackDiff(ResolvedStack from, ResolvedStack to) {
        this.from = from;
        this.to = to;
        Map<String, ResolvedPackage> before = from.byName();
        Map<String, ResolvedPackage> after = to.byName();
        for (ResolvedPackage p : from.packages()) {
            if (!after.containsKey(p.name())) {
                removed.add(p);
            }
        }
        for (ResolvedPackage p : to.packages()) {
            ResolvedPackage old = before.get(p.name());
            if (old == null) {
                added.add(p);
            } else if (old.id().equals(p.id())) {
                unchanged.add(p.name());
            } else {
                rebuilt.put(p.name(), new Rebuilt(old, p, changes(old, p)));
            }
        }
        List<Change> params = new ArrayList<>();
        mapChanges(Input.PARAMETER, from.parameters(), to.parameters(), params);
        this.parameters = List.copyOf(params);
    }

    /** Compares two resolutions of a stack ({@code from} the older). */
    public static StackDiff of(ResolvedStack from, ResolvedStack to) {
        return new StackDiff(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
    }

    public ResolvedStack from() {
        return from;
    }

    public ResolvedStack to() {
        return to;
    }

    /** Packages only {@code to} has, in its dependency order. */
    public List<ResolvedPackage> added() {
        return List.copyOf(added);
    }

    /** Packages only {@code from} has, in its dependency order. */
    public List<ResolvedPackage> removed() {
        return List.copyOf(removed);
    }

    /** Packages on both sides with another id, in {@code to}'s dependency order. */
    public List<Rebuilt> rebuilt() {
        return List.copyOf(rebuilt.values());
    }

    /** The rebuilt package of that name, if it is one. */
    public Optional<Rebuilt> rebuilt(String name) {
        return Optional.ofNullable(rebuilt.get(name));
    }

    /** Names of the packages with the same id on both sides, in {@code to}'s order. */
    public List<String> unchanged() {
        return List.copyOf(unchanged);
    }

    /** Global parameters (stack.yaml and k=v) that differ; they matter only where a spec uses them. */
    public List<Change> parameters() {
        return parameters;
    }

    /** Packages that enter the profile ({@code to} has them in it, {@code from} not), sorted. */
    public List<String> enteringProfile() {
        TreeSet<String> s = new TreeSet<>(to.profilePackages());
        s.removeAll(from.profilePackages());
        return List.copyOf(s);
    }

    /** Packages that leave the profile, sorted. */
    public List<String> leavingProfile() {
        TreeSet<String> s = new TreeSet<>(from.profilePackages());
        s.removeAll(to.profilePackages());
        return List.copyOf(s);
    }

    /** Whether the two stacks build exactly the same artifacts into the same profile members. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && rebuilt.isEmpty() && enteringProfile().isEmpty()
                && leavingProfile().isEmpty();
    }

    /**
     * The rebuilt packages whose own inputs changed and that make {@code name} rebuild:
     * {@code name} itself when its own spec changed, plus those found by following every
     * dependency whose id changed, transitively. Sorted; empty when {@code name} is not rebuilt.
     */
    public List<String> rootCauses(String name) {
        TreeSet<String> out = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(name);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            Rebuilt r = rebuilt.get(n);
            if (r == null || !seen.add(n)) {
                continue;
            }
            if (!r.ownChanges().isEmpty()) {
                out.add(n);
            }
            todo.addAll(r.changedDependencies());
        }
        return List.copyOf(out);
    }

    // --- comparing two build specs

    /** The inputs that differ between two build specs of one package, in field order. */
    static List<Change> changes(ResolvedPackage a, ResolvedPackage b) {
        JsonNode x = CanonicalJson.read(a.buildSpecJson());
        JsonNode y = CanonicalJson.read(b.buildSpecJson());
        List<Change> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        x.fieldNames().forEachRemaining(keys::add);
        y.fieldNames().forEachRemaining(keys::add);
        // people read the version and the sources first; the rest follows in the spec's (sorted) order
        List<String> order = new ArrayList<>(List.of("version", "sources"));
        for (String k : keys) {
            if (!order.contains(k)) {
                order.add(k);
            }
        }
        for (String k : order) {
            JsonNode u = x.get(k);
            JsonNode v = y.get(k);
            if (Objects.equals(u, v)) {
                continue;
            }
            switch (k) {
                case "version" -> out.add(new Change(Input.VERSION, "version", "value", text(u), text(v)));
                case "format" -> out.add(new Change(Input.FORMAT, "format", "value", text(u), text(v)));
                case "platform" -> mapChanges(Input.PLATFORM, strings(u), strings(v), out);
                case "parameters" -> mapChanges(Input.PARAMETER, strings(u), strings(v), out);
                case "sources" -> sources(u, v, a, b, out);
                case "dependencies" -> dependencies(u, v, out);
                case "stages" -> stages(u, v, out);
                case "env" -> env(u, v, out);
                case "when_build_dependency" -> actions(u, v, out);
                case "host" -> host(u, v, out);
                default -> out.add(new Change(Input.OTHER, k, "value", u == null ? null : u.toString(),
                        v == null ? null : v.toString()));
            }
        }
        return out;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** An object of scalars as a sorted map (a missing node is an empty map). */
    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        if (n != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), text(e.getValue()));
            }
        }
        return m;
    }

    private static void mapChanges(Input input, Map<String, String> a, Map<String, String> b, List<Change> out) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String u = a.get(k);
            String v = b.get(k);
            if (!Objects.equals(u, v)) {
                out.add(new Change(input, k, "value", u, v));
            }
        }
    }

    /**
     * Sources are paired by key first (an unchanged source that moved), then by target
     * directory, then in order; what is left was added or removed. A source is named by its
     * path, url or directory, from the resolved package (the build spec holds only keys).
     */
    private static void sources(JsonNode u, JsonNode v, ResolvedPackage a, ResolvedPackage b, List<Change> out) {
        List<JsonNode> xs = items(u);
        List<JsonNode> ys = items(v);
        int[] pair = new int[xs.size()];
        java.util.Arrays.fill(pair, -1);
        boolean[] used = new boolean[ys.size()];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < xs.size(); i++) {
                if (pair[i] >= 0) {
                    continue;
                }
                for (int j = 0; j < ys.size(); j++) {
                    if (used[j]) {
                        continue;
                    }
                    boolean match = switch (round) {
                        case 0 -> xs.get(i).path("key").equals(ys.get(j).path("key"));
                        case 1 -> xs.get(i).path("target").equals(ys.get(j).path("target"));
                        default -> true;
                    };
                    if (match) {
                        pair[i] = j;
                        used[j] = true;
                        break;
                    }
                }
            }
        }
        for (int i = 0; i < xs.size(); i++) {
            JsonNode x = xs.get(i);
            if (pair[i] < 0) {
                out.add(new Change(Input.SOURCE, sourceName(a, i, x), "key", text(x.get("key")), null));
                continue;
            }
            JsonNode y = ys.get(pair[i]);
            String name = sourceName(b, pair[i], y);
            if (!x.path("key").equals(y.path("key"))) {
                out.add(new Change(Input.SOURCE, name, "key", text(x.get("key")), text(y.get("key"))));
            }
            if (!x.path("target").equals(y.path("target"))) {
                out.add(new Change(Input.SOURCE, name, "target", text(x.get("target")), text(y.get("target"))));
            }
            if (!x.path("strip").equals(y.path("strip"))) {
                out.add(new Change(Input.SOURCE, name, "strip", text(x.get("strip")), text(y.get("strip"))));
            }
        }
        for (int j = 0; j < ys.size(); j++) {
            if (!used[j]) {
                out.add(new Change(Input.SOURCE, sourceName(b, j, ys.get(j)), "key", null, text(ys.get(j).get("key"))));
            }
        }
    }

    private static String sourceName(ResolvedPackage p, int i, JsonNode json) {
        if (i < p.sources().size() && p.sources().get(i).key().toString().equals(json.path("key").asText())) {
            Source s = p.sources().get(i);
            if (s instanceof Source.Tree t) {
                return t.path();
            }
            if (s instanceof Source.Archive ar) {
                return ar.url();
            }
            if (s instanceof Source.Git g) {
                return g.url();
            }
            if (s instanceof Source.Local l) {
                return l.dir().toString();
            }
        }
        return "#" + (i + 1);
    }

    private static List<JsonNode> items(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n != null) {
            n.forEach(out::add);
        }
        return out;
    }

    /** {@code {"build":{name:id},"run":{name:id}}}: per dependency name, its id and kinds. */
    private static void dependencies(JsonNode u, JsonNode v, List<Change> out) {
        Map<String, String> xb = strings(u == null ? null : u.get("build"));
        Map<String, String> xr = strings(u == null ? null : u.get("run"));
        Map<String, String> yb = strings(v == null ? null : v.get("build"));
        Map<String, String> yr = strings(v == null ? null : v.get("run"));
        TreeSet<String> names = new TreeSet<>();
        names.addAll(xb.keySet());
        names.addAll(xr.keySet());
        names.addAll(yb.keySet());
        names.addAll(yr.keySet());
        for (String n : names) {
            String idA = xb.containsKey(n) ? xb.get(n) : xr.get(n);
            String idB = yb.containsKey(n) ? yb.get(n) : yr.get(n);
            String kindsA = kinds(xb.containsKey(n), xr.containsKey(n));
            String kindsB = kinds(yb.containsKey(n), yr.containsKey(n));
            if (idA != null && idB != null && !idA.equals(idB)) {
                out.add(new Change(Input.DEPENDENCY, n, "id", idA, idB));
            }
            if (!kindsA.equals(kindsB)) {
                out.add(new Change(Input.DEPENDENCY, n, "kinds", kindsA.isEmpty() ? null : kindsA,
                        kindsB.isEmpty() ? null : kindsB));
            }
        }
    }

    private static String kinds(boolean build, boolean run) {
        return build && run ? "build, run" : build ? "build" : run ? "run" : "";
    }

    /** Stages by name; when only their order changed, one "order" change. */
    private static void stages(JsonNode u, JsonNode v, List<Change> out) {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> b = new LinkedHashMap<>();
        items(u).forEach(s -> a.put(s.path("name").asText(), s.path("bash").asText()));
        items(v).forEach(s -> b.put(s.path("name").asText(), s.path("bash").asText()));
        int before = out.size();
        Set<String> names = new java.util.LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String n : names) {
            if (!Objects.equals(a.get(n), b.get(n))) {
                out.add(new Change(Input.STAGE, n, "bash", a.get(n), b.get(n)));
            }
        }
        if (out.size() == before) {
            out.add(new Change(Input.STAGE, "stages", "order", String.join(", ", a.keySet()), String.join(", ", b.keySet())));
        }
    }

    /** {@code [[k, v], ...]}: by variable; when only the order changed, one "order" change. */
    private static void env(JsonNode u, JsonNode v, List<Change> out) {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> b = new LinkedHashMap<>();
        items(u).forEach(p -> a.put(p.path(0).asText(), p.path(1).asText()));
        items(v).forEach(p -> b.put(p.path(0).asText(), p.path(1).asText()));
        int before = out.size();
        mapChanges(Input.ENV, a, b, out);
        if (out.size() == before) {
            out.add(new Change(Input.ENV, "env", "order", String.join(", ", a.keySet()), String.join(", ", b.keySet())));
        }
    }

    /** when_build_dependency actions, as "op value" per variable. */
    private static void actions(JsonNode u, JsonNode v, List<Change> out) {
        Map<String, List<String>> a = new TreeMap<>();
        Map<String, List<String>> b = new TreeMap<>();
        items(u).forEach(x -> a.computeIfAbsent(x.path("variable").asText(), k -> new ArrayList<>())
                .add(x.path("op").asText() + " " + x.path("value").asText()));
        items(v).forEach(x -> b.computeIfAbsent(x.path("variable").asText(), k -> new ArrayList<>())
                .add(x.path("op").asText() + " " + x.path("value").asText()));
        TreeSet<String> vars = new TreeSet<>(a.keySet());
        vars.addAll(b.keySet());
        int before = out.size();
        for (String var : vars) {
            List<String> x = a.get(var);
            List<String> y = b.get(var);
            if (!Objects.equals(x, y)) {
                out.add(new Change(Input.WHEN_BUILD_DEPENDENCY, var, "actions", x == null ? null : String.join("; ", x),
                        y == null ? null : String.join("; ", y)));
            }
        }
        if (out.size() == before) {
            out.add(new Change(Input.WHEN_BUILD_DEPENDENCY, "when_build_dependency", "order", text(u), text(v)));
        }
    }

    private static void host(JsonNode u, JsonNode v, List<Change> out) {
        Map<String, String> a = strings(u);
        Map<String, String> b = strings(v);
        if (u == null || v == null) {
            out.add(new Change(Input.HOST, "host", "probe", u == null ? null : a.get("probe"), v == null ? null : b.get("probe")));
            return;
        }
        mapChanges(Input.HOST, a, b, out);
    }
}
