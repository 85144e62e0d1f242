package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.ResolvedStack;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildResultTest {
    @Test
    void blockedByFollowsBuildDependenciesTransitively() {
        StackFixture f = new StackFixture();
        f.pkg("a").stage("b", "false");
        f.pkg("other").stage("b", "false");
        f.pkg("b").buildDeps("a").stage("b", "true");   // a only at build time
        f.pkg("c").buildDeps("b").stage("b", "true");   // c does not see a, but needs b
        f.pkg("d").buildDeps("other").stage("b", "true");
        ResolvedStack s = f.stack();
        BuildFailure fa = new BuildFailure(s.get("a"), "b", "false", 1, List.of(), Path.of("log"));
        BuildFailure fo = new BuildFailure(s.get("other"), "b", "false", 1, List.of(), Path.of("log"));
        BuildResult r = new BuildResult(List.of(), List.of(), List.of(fa, fo), List.of(s.get("b"), s.get("c"), s.get("d")));
        assertFalse(r.ok());
        assertEquals(List.of("b", "c"), StackFixture.names(r.blockedBy(fa)));
        assertEquals(List.of("d"), StackFixture.names(r.blockedBy(fo)));
        assertTrue(new BuildResult(List.of(s.get("a")), List.of(), List.of(), List.of()).ok());
    }
}
