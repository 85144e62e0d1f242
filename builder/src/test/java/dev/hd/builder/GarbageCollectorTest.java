package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;
    Store store;
    Profiles profiles;
    Generations gens;
    GarbageCollector gc;
    Path link;

    @BeforeEach
    void setUp() {
        store = new Store(tmp.resolve("store"));
        profiles = new Profiles(store);
        gens = new Generations(store);
        gc = new GarbageCollector(store);
        link = tmp.resolve("stack/.hd/profile");
    }

    /** A stack of a shared library, a build-only tool and an app whose content is {@code tag}. */
    private ResolvedStack stack(String tag) {
        StackFixture f = new StackFixture();
        f.pkg("base").stage("b", "base");
        f.pkg("tool").stage("b", "tool");
        f.pkg("app").deps("base").buildDeps("tool").stage("b", "app " + tag);
        return f.listed("app").stack();
    }

    private ProfileId built(ResolvedStack s) throws Exception {
        for (var p : s.packages()) {
            if (!Files.exists(store.artifactMarker(p.name(), p.id()))) {
                Artifacts.publish(store, p, "bin/" + p.name(), p.name() + " " + p.id().value());
            }
        }
        return profiles.create(s);
    }

    private GarbageCollector.Options opts(int keep) {
        return new GarbageCollector.Options(false, Optional.empty(), false, keep, true, Instant.now());
    }

    private Set<String> artifacts() throws Exception {
        try (Stream<Path> s = Files.list(store.buildsDir())) {
            return s.flatMap(d -> {
                try {
                    return Files.list(d).map(a -> d.getFileName() + "/" + a.getFileName()).toList().stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet());
        }
    }

    private static String id(ResolvedStack s, String name) {
        return name + "/" + s.get(name).id().value();
    }

    @Test
    void afterSwitchingBetweenStacksItKeepsTheActiveAndThePinnedAndFreesTheRest() throws Exception {
        ResolvedStack one = stack("one");
        ResolvedStack two = stack("two");
        ResolvedStack three = stack("three");
        ProfileId p1 = built(one);
        ProfileId p2 = built(two);
        ProfileId p3 = built(three);
        gens.switchTo(link, p1, "dir one");
        new GcRoots(store).pin(p1);
        gens.switchTo(link, p2, "dir two");
        gens.switchTo(link, p3, "dir three");

        GarbageCollector.Result r = gc.collect(opts(0), new GarbageCollector.Listener() { });
        assertTrue(profiles.exists(p3), "the active profile");
        assertTrue(profiles.exists(p1), "the pinned one");
        assertFalse(profiles.exists(p2), "the rest goes");
        assertEquals(Set.of(id(one, "base"), id(one, "tool"), id(one, "app"), id(three, "app")), artifacts());
        assertEquals(2, r.keptProfiles());
        assertEquals(4, r.keptArtifacts());
        assertEquals(Set.of("profile", "artifact"), r.items().stream().map(i -> i.kind().label()).collect(Collectors.toSet()));
        assertTrue(r.items().stream().anyMatch(i -> i.label().equals("app " + two.get("app").id().shortForm())));
        assertTrue(r.bytes() > 0);
        assertEquals(Optional.of(p3), profiles.current(link));
        try (Stream<Path> s = Files.list(store.buildsDir().resolve("app"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(Store.DOOMED_PREFIX)), "nothing half-removed");
        }
    }

    @Test
    void theLastKeepGenerationsOldGenerationsStayRoots() throws Exception {
        ProfileId p1 = built(stack("1"));
        ProfileId p2 = built(stack("2"));
        ProfileId p3 = built(stack("3"));
        gens.switchTo(link, p1, "dir 1");
        gens.switchTo(link, p2, "dir 2");
        gens.switchTo(link, p3, "dir 3");
        gens.switchTo(link, p3, "dir 3"); // same profile twice: not an old generation of its own
        GarbageCollector.Result dry = gc.collect(new GarbageCollector.Options(true, Optional.empty(), false, 1, true,
                Instant.now()), new GarbageCollector.Listener() { });
        assertTrue(dry.dryRun());
        assertEquals(1, dry.items().stream().filter(i -> i.kind() == GarbageCollector.Kind.PROFILE).count());
        assertTrue(profiles.exists(p1), "a dry run removes nothing");
        assertTrue(dry.items().stream().filter(i -> i.kind() == GarbageCollector.Kind.ARTIFACT).allMatch(i -> i.bytes() > 0),
                "sizes are listed");

        gc.collect(opts(1), new GarbageCollector.Listener() { });
        assertTrue(profiles.exists(p3) && profiles.exists(p2));
        assertFalse(profiles.exists(p1));
        gc.collect(GarbageCollector.Options.defaults(), new GarbageCollector.Listener() { });
        assertTrue(profiles.exists(p2), "the default keeps " + GarbageCollector.Options.DEFAULT_KEEP_GENERATIONS);
    }

    @Test
    void olderThanDropsOldGenerationsAndUnusedRefMapProfilesButNeverTheCurrentOrPins() throws Exception {
        ProfileId p1 = built(stack("1"));
        ProfileId p2 = built(stack("2"));
        ProfileId refd = built(stack("ref"));
        ProfileId pinned = built(stack("pinned"));
        gens.switchTo(link, p1, "dir 1");
        gens.switchTo(link, p2, "dir 2");
        new RefMap(store).record("/repo", "refs/heads/main", COMMIT, refd);
        new GcRoots(store).pin(pinned);
        Path log = gens.logOf(link).orElseThrow();
        String text = Files.readString(log);
        Files.writeString(log, text.replaceAll("(?m)^[0-9]+ ", "1000000000 ")); // switched long ago
        FileTime old = FileTime.from(Instant.parse("2001-09-09T01:46:40Z"));
        for (ProfileId p : List.of(p1, p2, refd, pinned)) {
            Files.setLastModifiedTime(store.profile(p), old);
        }

        gc.collect(opts(5), new GarbageCollector.Listener() { });
        assertTrue(profiles.exists(p1) && profiles.exists(refd), "without a cut-off everything is a root");

        GarbageCollector.Result r = gc.collect(new GarbageCollector.Options(false, Optional.of(Duration.ofDays(30)), false,
                5, true, Instant.now()), new GarbageCollector.Listener() { });
        assertFalse(profiles.exists(p1), "an old generation");
        assertFalse(profiles.exists(refd), "a ref-map profile unused for 30 days");
        assertTrue(profiles.exists(p2), "the current one, however old");
        assertTrue(profiles.exists(pinned), "a pin, however old");
        assertEquals(Set.of(GcRoots.Kind.GENERATION, GcRoots.Kind.REF_MAP),
                r.expired().stream().map(GcRoots.Root::kind).collect(Collectors.toSet()));
        assertEquals(Optional.empty(), new RefMap(store).profileOf("/repo", COMMIT), "the ref map no longer offers it");
    }

    @Test
    void theRefMapIsARootAndARecentlyActivatedOneSurvivesTheCutOff() throws Exception {
        ProfileId refd = built(stack("ref"));
        new RefMap(store).record("/repo", "refs/heads/main", COMMIT, refd);
        gc.collect(new GarbageCollector.Options(false, Optional.of(Duration.ofDays(30)), false, 0, true, Instant.now()),
                new GarbageCollector.Listener() { });
        assertTrue(profiles.exists(refd));
    }

    @Test
    void aRootWhoseLinkIsGoneIsDroppedWithItsLogAndItsProfileIsCollected() throws Exception {
        ProfileId p = built(stack("x"));
        gens.switchTo(link, p, "dir x");
        Path log = gens.logOf(link).orElseThrow();
        Path venv = tmp.resolve("venv/.hd/profile"); // registered like hd venv does, never switched by hd
        Files.createDirectories(venv.getParent());
        ProfileId kept = built(stack("venv"));
        Files.createSymbolicLink(venv, store.profile(kept));
        profiles.addRoot(venv);
        Files.delete(link);

        GarbageCollector.Result r = gc.collect(opts(3), new GarbageCollector.Listener() { });
        assertFalse(profiles.exists(p));
        assertTrue(profiles.exists(kept), "a link registered with addRoot keeps its profile");
        assertFalse(Files.exists(log));
        assertEquals(1, r.items().stream().filter(i -> i.kind() == GarbageCollector.Kind.ROOT).count());
        assertEquals(1, r.items().stream().filter(i -> i.kind() == GarbageCollector.Kind.LOG).count());
        try (Stream<Path> s = Files.list(store.gcRootsDir())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void buildDependenciesAreKeptUnlessTurnedOffAlsoForProfilesThatDoNotListTheirStack() throws Exception {
        ResolvedStack s = stack("x");
        ProfileId p = built(s);
        gens.switchTo(link, p, "dir x");
        // a profile made before .hd-profile.json listed the stack: GC follows the build specs
        Path info = store.profileInfo(p);
        ObjectNode json = (ObjectNode) CanonicalJson.read(Files.readString(info));
        json.remove("stack");
        Files.writeString(info, CanonicalJson.write(json));
        gc.collect(opts(0), new GarbageCollector.Listener() { });
        assertTrue(artifacts().contains(id(s, "tool")), "the build-only tool stays by default");

        gc.collect(new GarbageCollector.Options(false, Optional.empty(), false, 0, false, Instant.now()),
                new GarbageCollector.Listener() { });
        assertEquals(Set.of(id(s, "base"), id(s, "app")), artifacts(), "gc.keep-build-deps = false");
    }

    @Test
    void theStoreConfigSetsKeepGenerationsAndKeepBuildDeps() throws Exception {
        StoreConfig c = StoreConfig.parse("gc.keep-generations = 7\ngc.keep-build-deps = false\n", "config");
        GarbageCollector.Options o = GarbageCollector.Options.defaults().with(c);
        assertEquals(7, o.keepGenerations());
        assertFalse(o.keepBuildDeps());
        assertEquals(GarbageCollector.Options.DEFAULT_KEEP_GENERATIONS,
                GarbageCollector.Options.defaults().with(StoreConfig.empty()).keepGenerations());
    }

    @Test
    void leftoversOfInterruptedRunsAndUnusedSourcesGo() throws Exception {
        String usedHex = "a".repeat(64);
        String unusedHex = "b".repeat(64);
        StackFixture f = new StackFixture();
        f.pkg("p").archive(usedHex).stage("b", "p");
        ResolvedStack s = f.stack();
        ProfileId p = built(s);
        gens.switchTo(link, p, "dir p");
        Files.createDirectories(store.archivesDir());
        Files.writeString(store.archivesDir().resolve(usedHex), "used");
        Files.writeString(store.archivesDir().resolve(unusedHex), "unused");
        Path build = Files.createDirectories(store.tmpDir().resolve("build-" + "c".repeat(32)).resolve("src"));
        Path staging = Files.createDirectories(store.tmpDir().resolve("profile-" + "d".repeat(32)));
        Path part = store.downloadsDir().resolve(unusedHex + ".part");
        Files.createDirectories(part.getParent());
        Files.writeString(part, "half");
        Path debris = Files.createDirectories(store.packageBuilds("p").resolve("e".repeat(32)).resolve("lib"));
        Path trash = Files.createDirectories(store.packageBuilds("p").resolve(Store.DOOMED_PREFIX + "x"));
        Path other = Files.createDirectories(store.tmpDir().resolve("someone-elses"));

        GarbageCollector.Result r = gc.collect(new GarbageCollector.Options(false, Optional.empty(), true, 0, true,
                Instant.now()), new GarbageCollector.Listener() { });
        for (Path gone : List.of(build.getParent(), staging, part, debris.getParent(), trash,
                store.archivesDir().resolve(unusedHex))) {
            assertFalse(Files.exists(gone), gone + " should be gone: " + r.items());
        }
        assertTrue(Files.exists(store.archivesDir().resolve(usedHex)), "a live artifact's archive stays");
        assertTrue(Files.exists(other), "unknown entries of tmp/ are left alone");
        assertTrue(r.items().stream().anyMatch(i -> i.label().contains("incomplete")));
        assertTrue(profiles.exists(p));
    }

    @Test
    void lockFilesOfCollectedArtifactsGoAndTheStoreLockStays() throws Exception {
        ResolvedStack s = stack("x");
        ProfileId p = built(s);
        Files.createDirectories(store.locksDir());
        Files.writeString(store.artifactLock(s.get("app").id()), "");
        Files.writeString(store.storeLock(), "");
        gc.collect(opts(0), new GarbageCollector.Listener() { });
        assertFalse(profiles.exists(p), "no root: everything goes");
        assertFalse(Files.exists(store.artifactLock(s.get("app").id())));
        assertTrue(Files.exists(store.storeLock()));
        assertFalse(Files.exists(store.packageBuilds("app")), "empty package directories go too");
    }

    @Test
    void anUnreadableLiveProfileStopsTheCollectionBeforeAnythingIsRemoved() throws Exception {
        ResolvedStack s = stack("x");
        ProfileId p = built(s);
        ProfileId dead = built(stack("dead"));
        gens.switchTo(link, p, "dir x");
        Files.writeString(store.profileInfo(p), "{not json", StandardCharsets.UTF_8);
        HdException e = assertThrows(HdException.class, () -> gc.collect(opts(0), new GarbageCollector.Listener() { }));
        assertTrue(e.getMessage().contains("cannot tell what the live profile"), e.getMessage());
        assertTrue(profiles.exists(dead), "nothing was removed");
    }
}
