package dev.hd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.MapSpecSource;
import dev.hd.resolver.ResolveOptions;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator makes the stack the benchmark suite claims to measure (no timings here). */
class SyntheticStackTest {

    @Test
    void theSameSeedGivesTheSameStackAndAnotherSeedAnother() {
        SyntheticStack a = SyntheticStack.generate(300, 7);
        assertEquals(a.hdFiles(1), SyntheticStack.generate(300, 7).hdFiles(1));
        assertEquals(a.nixExpression(2), SyntheticStack.generate(300, 7).nixExpression(2));
        assertNotEquals(a.hdFiles(1), SyntheticStack.generate(300, 8).hdFiles(1));
    }

    @Test
    void everyPackageHasUpToFourDistinctDependenciesBelowIt() {
        SyntheticStack s = SyntheticStack.generate(2_000, SyntheticStack.DEFAULT_SEED);
        int[] histogram = new int[SyntheticStack.MAX_DEPS + 1];
        for (int i = 0; i < s.size(); i++) {
            List<Integer> d = s.deps(i);
            assertTrue(d.size() <= SyntheticStack.MAX_DEPS, s.name(i));
            assertEquals(d.size(), new HashSet<>(d).size(), s.name(i));
            for (int j : d) {
                assertTrue(j < i, s.name(i) + " -> " + s.name(j));
            }
            histogram[d.size()]++;
        }
        for (int k = 0; k <= SyntheticStack.MAX_DEPS; k++) {
            assertTrue(histogram[k] > 300, "packages with " + k + " dependencies: " + histogram[k]);
        }
    }

    @Test
    void revisionTwoChangesFivePercentOfTheSpecs() {
        SyntheticStack s = SyntheticStack.generate(1_000, SyntheticStack.DEFAULT_SEED);
        Map<String, String> r1 = s.hdFiles(1);
        Map<String, String> r2 = s.hdFiles(2);
        assertEquals(r1.keySet(), r2.keySet());
        long differing = r1.keySet().stream().filter(k -> !r1.get(k).equals(r2.get(k))).count();
        assertEquals(50, s.changedCount());
        assertEquals(s.changedCount() + 1, differing); // and stack.yaml's comment names the revision
    }

    @Test
    void theStackResolvesAndRevisionTwoChangesExactlyTheAffectedIds() throws Exception {
        SyntheticStack s = SyntheticStack.generate(400, 3);
        ResolvedStack r1 = resolve(s.hdFiles(1));
        ResolvedStack r2 = resolve(s.hdFiles(2));
        assertEquals(400, r1.packages().size());
        int differ = 0;
        for (ResolvedPackage p : r1.packages()) {
            if (!p.id().equals(r2.get(p.name()).id())) {
                differ++;
            }
        }
        assertEquals(s.affectedCount(), differ);
        ResolvedPackage top = r1.get(s.name(399));
        Set<String> want = new HashSet<>();
        s.deps(399).forEach(d -> want.add(s.name(d)));
        assertEquals(want, new HashSet<>(top.buildDeps()));
        assertTrue(top.script().contains("echo " + s.name(399) + " > \"$ARTIFACT/" + s.name(399) + ".txt\""), top.script());
    }

    @Test
    void theNixExpressionHasOneDerivationPerPackageWithItsInputs() {
        SyntheticStack s = SyntheticStack.generate(50, 11);
        String nix = s.nixExpression(1);
        for (int i = 0; i < 50; i++) {
            StringBuilder deps = new StringBuilder();
            s.deps(i).forEach(d -> deps.append(' ').append(s.name(d)));
            String line = "  " + s.name(i) + " = mk \"" + s.name(i) + "\" \"echo " + s.name(i) + " > $out\" [" + deps + " ];";
            assertTrue(nix.contains(line + "\n"), line);
        }
    }

    @Test
    void writingRevisionTwoOverRevisionOneTouchesOnlyTheChangedFiles(@TempDir Path dir) throws Exception {
        SyntheticStack s = SyntheticStack.generate(100, 5);
        s.writeHd(dir, 1);
        Path unchanged = null;
        Path changed = null;
        for (int i = 0; i < 100; i++) {
            Path p = dir.resolve("pkgs/" + s.name(i) + ".yaml");
            if (s.changedInRevision2(i)) {
                changed = p;
            } else {
                unchanged = p;
            }
        }
        Files.setLastModifiedTime(unchanged, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        s.writeHd(dir, 2);
        assertEquals(1_000_000, Files.getLastModifiedTime(unchanged).toMillis());
        assertTrue(Files.readString(changed).contains(" r2 > "), Files.readString(changed));
    }

    private static ResolvedStack resolve(Map<String, String> files) throws Exception {
        MapSpecSource src = new MapSpecSource("synthetic");
        files.forEach(src::put);
        return Resolver.resolve(src, ResolveOptions.defaults());
    }
}
