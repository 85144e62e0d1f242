package dev.hd.resolver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Small graph algorithms shared by stage ordering and the package DAG. */
final class Graphs {
    private Graphs() {
    }

    /**
     * Finds a cycle among {@code nodes} (each of which is known to lie on or lead to one),
     * following {@code next}; returns it as a closed path {@code [a, b, c, a]}.
     * Iterative, so a long chain cannot overflow the stack.
     */
    static List<String> findCycle(Set<String> nodes, Function<String, Collection<String>> next) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String start : nodes) {
            if (state.containsKey(start)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            List<java.util.Iterator<String>> its = new ArrayList<>();
            path.add(start);
            its.add(successors(start, nodes, next).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = its.get(its.size() - 1);
                if (it.hasNext()) {
                    String n = it.next();
                    Integer st = state.get(n);
                    if (st == null) {
                        state.put(n, 1);
                        path.add(n);
                        its.add(successors(n, nodes, next).iterator());
                    } else if (st == 1) {
                        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
                        cycle.add(n);
                        return cycle;
                    }
                } else {
                    state.put(path.remove(path.size() - 1), 2);
                    its.remove(its.size() - 1);
                }
            }
        }
        throw new IllegalStateException("no cycle among " + nodes);
    }

    private static List<String> successors(String n, Set<String> nodes, Function<String, Collection<String>> next) {
        List<String> out = new ArrayList<>();
        Collection<String> c = next.apply(n);
        if (c != null) {
            for (String s : c) {
                if (nodes.contains(s)) {
                    out.add(s);
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }
}
