package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hd.resolver.ResolvedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTimesTest {
    @TempDir
    Path tmp;

    @Test
    void theNewestCompleteBuildOfThePackageCounts() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        BuildTimes times = new BuildTimes(store);
        StackFixture f = new StackFixture();
        f.pkg("a").version("1").stage("b", "true");
        ResolvedPackage v1 = f.stack().get("a");
        f = new StackFixture();
        f.pkg("a").version("2").stage("b", "true");
        ResolvedPackage v2 = f.stack().get("a");
        assertEquals(OptionalLong.empty(), times.last("a"), "nothing built yet");

        publish(store, v1, 1_000_000L, 4000);
        publish(store, v2, 2_000_000L, 9000);
        assertEquals(OptionalLong.of(9000), times.last("a"));

        // debris (no marker) and other packages do not count
        Files.createDirectories(store.packageBuilds("a").resolve("debris"));
        assertEquals(OptionalLong.of(9000), times.last("a"));
        assertEquals(OptionalLong.empty(), times.last("b"));
    }

    private static void publish(Store store, ResolvedPackage p, long startedAt, long millis) throws Exception {
        Files.createDirectories(store.artifactMeta(p.name(), p.id()));
        Files.writeString(store.buildSpec(p.name(), p.id()), p.buildSpecJson());
        new Publisher(store).publish(p, startedAt, millis);
    }
}
