package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.names;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The package DAG: cycles and how they are reported, long chains, deterministic order. */
class DagTest {

    private static String name(int i) {
        return String.format("p%05d", i);
    }

    /** p00000 -> p00001 -> ... -> p{n-1} as build dependencies; optionally the last closes a cycle. */
    private static MapSpecSource chain(int n, boolean cycle) {
        MapSpecSource s = stack("packages:\n  " + name(0) + ":\n");
        for (int i = 0; i < n; i++) {
            String next = i + 1 < n ? name(i + 1) : cycle ? name(0) : null;
            s.put("pkgs/" + name(i) + ".yaml", next == null ? "" : "dependencies: {build: [" + next + "]}\n");
        }
        return s;
    }

    @Test
    void aCycleIsReportedAsAPathAtTheFirstEdge() {
        MapSpecSource s = stack("packages:\n  a:\n")
                .put("pkgs/a.yaml", "version: '1'\ndependencies: {build: [b]}\n")
                .put("pkgs/b.yaml", "dependencies: {run: [c]}\n")
                .put("pkgs/c.yaml", "dependencies: {build: [x, a]}\n")
                .put("pkgs/x.yaml", "");
        SpecException e = specError(s);
        assertEquals("dependency cycle: a -> b -> c -> a", e.problem());
        assertAt(e, "pkgs/a.yaml", 2, 24);
        assertContains(e.hint(), "remove one of these dependencies");
    }

    @Test
    void theCycleIsTheSameWhicheverPackageIsListed() {
        MapSpecSource s = stack("packages:\n  c:\n")
                .put("pkgs/a.yaml", "dependencies: {build: [b]}\n")
                .put("pkgs/b.yaml", "dependencies: {build: [c]}\n")
                .put("pkgs/c.yaml", "dependencies: {build: [a]}\n");
        assertEquals("dependency cycle: a -> b -> c -> a", specError(s).problem());
    }

    @Test
    void packagesLeadingIntoACycleAreNotPartOfTheMessage() {
        MapSpecSource s = stack("packages:\n  app:\n")
                .put("pkgs/app.yaml", "dependencies: {build: [b]}\n")
                .put("pkgs/b.yaml", "dependencies: {build: [c]}\n")
                .put("pkgs/c.yaml", "dependencies: {run: [b]}\n");
        SpecException e = specError(s);
        assertEquals("dependency cycle: b -> c -> b", e.problem());
        assertAt(e, "pkgs/b.yaml", 1, 24);
    }

    @Test
    void aSelfDependencyIsACycle() {
        MapSpecSource s = stack("packages:\n  a:\n").put("pkgs/a.yaml", "dependencies:\n  run: [a]\n");
        SpecException e = specError(s);
        assertEquals("dependency cycle: a -> a", e.problem());
        assertAt(e, "pkgs/a.yaml", 2, 9);
    }

    @Test
    void aLongChainResolvesWithoutOverflowingTheStack() throws Exception {
        ResolvedStack s = resolve(chain(10_000, false));
        assertEquals(10_000, s.packages().size());
        assertEquals(name(9_999), s.packages().get(0).name());
        assertEquals(name(0), s.packages().get(9_999).name());
        assertEquals(List.of(name(0)), s.profilePackages());
        assertEquals(List.of(name(1)), s.get(name(0)).buildEnv());
    }

    @Test
    void aLongCycleIsFoundWithoutOverflowingTheStack() {
        SpecException e = specError(chain(10_000, true));
        assertTrue(e.problem().startsWith("dependency cycle: p00000 -> p00001 -> p00002"), e.problem());
        assertTrue(e.problem().endsWith("p09998 -> p09999 -> p00000"), e.problem());
    }

    @Test
    void orderDoesNotDependOnTheOrderPackagesAreListed() throws Exception {
        String specs = "dependencies: {build: [base]}\n";
        MapSpecSource forward = stack("packages:\n  a:\n  c:\n  b:\n").put("pkgs/a.yaml", specs)
                .put("pkgs/b.yaml", specs).put("pkgs/c.yaml", "").put("pkgs/base.yaml", "");
        MapSpecSource backward = forward.copy().put("stack.yaml", "packages:\n  b:\n  c:\n  a:\n");
        ResolvedStack f = resolve(forward);
        ResolvedStack b = resolve(backward);
        // base and c are ready first; once base is done, a and b join c and all three go by name
        assertEquals(List.of("base", "a", "b", "c"), names(f));
        assertEquals(names(f), names(b));
        for (ResolvedPackage p : f.packages()) {
            assertEquals(p.id(), b.get(p.name()).id());
        }
    }

    @Test
    void everyPackageComesAfterItsDependencies() throws Exception {
        // a small irregular DAG: i depends on (i*i + 3) % i, i/2 and i-3 (those below i, without repeats)
        MapSpecSource s = stack("packages:\n  " + name(59) + ":\n");
        for (int i = 0; i < 60; i++) {
            StringBuilder deps = new StringBuilder();
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int j : new int[] {i == 0 ? -1 : (i * i + 3) % i, i / 2, i - 3}) {
                if (j >= 0 && j < i && seen.add(j)) {
                    deps.append(deps.length() == 0 ? "" : ", ").append(name(j));
                }
            }
            s.put("pkgs/" + name(i) + ".yaml", "dependencies: {build: [" + deps + "], run: [" + deps + "]}\n");
        }
        ResolvedStack r = resolve(s);
        List<String> order = names(r);
        for (ResolvedPackage p : r.packages()) {
            for (String d : p.buildEnv()) {
                assertTrue(order.indexOf(d) < order.indexOf(p.name()), d + " before " + p.name());
            }
            List<Integer> positions = p.buildEnv().stream().map(order::indexOf).toList();
            assertEquals(positions.stream().sorted().toList(), positions, "buildEnv of " + p.name() + " in order");
        }
    }

    @Test
    void findCycleReturnsAClosedPath() {
        Map<String, List<String>> g = Map.of("a", List.of("b"), "b", List.of("c", "d"), "c", List.of(), "d",
                List.of("b"));
        assertEquals(List.of("b", "d", "b"), Graphs.findCycle(new TreeSet<>(Set.of("a", "b", "d")), g::get));
    }
}
