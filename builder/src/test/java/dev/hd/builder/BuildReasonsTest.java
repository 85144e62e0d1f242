package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.ResolvedStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildReasonsTest {
    @TempDir
    Path tmp;

    @Test
    void diffNamesFieldsAndTheirParts() {
        var before = CanonicalJson.read("{\"name\":\"x\",\"dependencies\":{\"build\":{\"a\":\"1\",\"b\":\"2\"},\"run\":{\"b\":\"2\"}},"
                + "\"stages\":[{\"name\":\"build\",\"bash\":\"make\"},{\"name\":\"install\",\"bash\":\"i\"}],\"version\":\"1\"}");
        var after = CanonicalJson.read("{\"name\":\"x\",\"dependencies\":{\"build\":{\"a\":\"1\",\"b\":\"3\",\"c\":\"4\"},\"run\":{\"b\":\"3\"}},"
                + "\"stages\":[{\"name\":\"build\",\"bash\":\"make -j\"},{\"name\":\"install\",\"bash\":\"i\"}],\"version\":\"2\",\"env\":[]}");
        assertEquals(List.of("dependencies (b, c)", "env", "stages (build)", "version"), BuildReasons.diff(before, after));
    }

    @Test
    void newOrChangedAgainstThePreviousProfileOrTheNewestArtifact() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        StackFixture f = new StackFixture();
        f.pkg("a").stage("build", "make");
        ResolvedStack v1 = f.stack();
        BuildReasons none = new BuildReasons(store, Map.of());
        assertEquals("new", none.why(v1.get("a")));

        Artifacts.publish(store, v1.get("a"), "bin/a", "1");
        f.pkg("a").version("2.0");
        ResolvedStack v2 = f.stack();
        assertEquals("changed: version", none.why(v2.get("a")), "compared with the newest artifact in the store");
        assertEquals("changed: version", new BuildReasons(store, Map.of("a", v1.get("a").id())).why(v2.get("a")));
        ArtifactId gone = v2.get("a").id();
        assertEquals("its artifact was removed from the store",
                new BuildReasons(store, Map.of("a", gone)).why(v2.get("a")));
    }
}
