package dev.hd.resolver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dependency graph of a resolved stack, for answering "why is this package here": who
 * depends on a package, and a shortest chain of dependencies from a package stack.yaml lists
 * down to it. A package is in the profile when a chain of run dependencies reaches it from a
 * listed package; any other package is there only because something needs it to build.
 */
public final class StackGraph {

    /** How one package needs another. */
    public enum Edge {
        BUILD("build"), RUN("run"), BUILD_AND_RUN("build, run");

        private final String label;

        Edge(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Edge of(boolean build, boolean run) {
            return build && run ? BUILD_AND_RUN : build ? BUILD : RUN;
        }
    }

    /**
     * One step of a chain: {@code name} is needed by the previous step's package through
     * {@code via}; the first step is a listed package and has no {@code via}.
     */
    public record Step(String name, Edge via) {
        public Step {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A package that needs another, and how. */
    public record Dependent(String name, Edge edge) {
    }

    private final ResolvedStack stack;
    private final Map<String, ResolvedPackage> byName;
    private final Map<String, List<Dependent>> dependents = new HashMap<>();

    public StackGraph(ResolvedStack stack) {
        this.stack = stack;
        this.byName = stack.byName();
        for (ResolvedPackage p : stack.packages()) {
            for (String d : deps(p)) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(new Dependent(p.name(), edge(p, d)));
            }
        }
        dependents.values().forEach(l -> l.sort((a, b) -> a.name().compareTo(b.name())));
    }

    public ResolvedStack stack() {
        return stack;
    }

    /** The package of that name. */
    public ResolvedPackage get(String name) {
        ResolvedPackage p = byName.get(name);
        if (p == null) {
            throw new java.util.NoSuchElementException("no package " + name);
        }
        return p;
    }

    /** Whether the stack has a package of that name. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The packages that depend on {@code name} directly, sorted by name. */
    public List<Dependent> dependents(String name) {
        return Collections.unmodifiableList(dependents.getOrDefault(name, List.of()));
    }

    /** How {@code from} needs its direct dependency {@code dep}. */
    public Edge edge(String from, String dep) {
        return edge(byName.get(from), dep);
    }

    private static Edge edge(ResolvedPackage p, String dep) {
        return Edge.of(p.buildDeps().contains(dep), p.runDeps().contains(dep));
    }

    /** The direct dependencies (build and run), sorted. */
    public static List<String> deps(ResolvedPackage p) {
        java.util.TreeSet<String> s = new java.util.TreeSet<>(p.buildDeps());
        s.addAll(p.runDeps());
        return List.copyOf(s);
    }

    /** Whether the package is in the profile. */
    public boolean inProfile(String name) {
        return stack.profilePackages().contains(name);
    }

    /**
     * A shortest chain that puts {@code name} into the profile: a listed package, then run
     * dependencies. Empty when the package is not in the profile (or not in the stack).
     */
    public Optional<List<Step>> profilePath(String name) {
        return shortestPath(name, true);
    }

    /**
     * A shortest chain of dependencies (build or run) from a listed package to {@code name}:
     * why the package is built at all. Empty when the stack has no such package.
     */
    public Optional<List<Step>> buildPath(String name) {
        return shortestPath(name, false);
    }

    /** Breadth first from the listed packages, dependencies in name order, so the answer is stable. */
    private Optional<List<Step>> shortestPath(String target, boolean runOnly) {
        if (!byName.containsKey(target)) {
            return Optional.empty();
        }
        Map<String, String> parent = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String l : stack.listed()) {
            if (byName.containsKey(l) && !parent.containsKey(l)) {
                parent.put(l, null);
                queue.add(l);
            }
        }
        while (!queue.isEmpty()) {
            String n = queue.poll();
            if (n.equals(target)) {
                List<Step> path = new ArrayList<>();
                for (String c = n; c != null; c = parent.get(c)) {
                    String p = parent.get(c);
                    path.add(new Step(c, p == null ? null : edge(p, c)));
                }
                Collections.reverse(path);
                return Optional.of(List.copyOf(path));
            }
            ResolvedPackage p = byName.get(n);
            for (String d : runOnly ? p.runDeps() : deps(p)) {
                if (!parent.containsKey(d)) {
                    parent.put(d, n);
                    queue.add(d);
                }
            }
        }
        return Optional.empty();
    }
}
