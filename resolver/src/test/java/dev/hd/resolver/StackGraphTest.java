package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.StackGraph.Dependent;
import dev.hd.resolver.StackGraph.Edge;
import dev.hd.resolver.StackGraph.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link StackGraph}: dependents and the shortest chains from listed packages. */
class StackGraphTest {

    @Test
    void listedPackagesAreRecordedAndUsedAsRoots() throws Exception {
        ResolvedStack rs = Specs.resolve(IdPropagationTest.base());
        assertEquals(List.of("app", "other"), rs.listed());
        StackGraph g = new StackGraph(rs);

        assertEquals(Optional.of(List.of(new Step("app", null))), g.profilePath("app"));
        assertEquals(Optional.of(List.of(new Step("app", null), new Step("png", Edge.BUILD_AND_RUN),
                new Step("zlib", Edge.BUILD_AND_RUN))), g.profilePath("zlib"));

        assertFalse(g.inProfile("tool"));
        assertEquals(Optional.empty(), g.profilePath("tool"), "tool is only a build dependency");
        assertEquals(Optional.of(List.of(new Step("app", null), new Step("tool", Edge.BUILD))), g.buildPath("tool"));
        assertEquals(List.of(new Dependent("app", Edge.BUILD)), g.dependents("tool"));
        assertEquals(List.of(new Dependent("png", Edge.BUILD_AND_RUN)), g.dependents("zlib"));
        assertEquals(Optional.empty(), g.buildPath("nope"));
    }

    @Test
    void aPackageListedAndNeededIsExplainedByTheListing() throws Exception {
        ResolvedStack rs = Specs.resolve(IdPropagationTest.base().copy().put("stack.yaml", """
                parameters: {opt: "-O2"}
                packages: {app: , zlib: }
                """));
        StackGraph g = new StackGraph(rs);
        assertEquals(Optional.of(List.of(new Step("zlib", null))), g.profilePath("zlib"));
        assertTrue(g.contains("png"));
    }
}
