package dev.hd.builder;

import static dev.hd.builder.StackFixture.nameSet;
import static dev.hd.builder.StackFixture.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.EnvAction;
import dev.hd.resolver.ResolveOptions;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds with bash (and gcc for the example stack) into a temporary store. */
class BuilderIT {
    private static final Map<String, String> CLEAN = Map.of("PATH", "/usr/bin:/bin");

    @TempDir
    Path tmp;
    Store store;

    @BeforeEach
    void setUp() {
        store = new Store(tmp.resolve("store"));
    }

    private Builder builder(BuildOptions o, BuildListener l) {
        return new Builder(store, new DefaultSourceProvider(null, null), o, l);
    }

    private ResolvedStack resolve(Path dir) throws Exception {
        return Resolver.resolve(new DirectorySpecSource(dir), ResolveOptions.defaults());
    }

    @Test
    void theExampleStackBuildsAndRunsFromItsProfileThenRebuildsOnlyWhatChanged() throws Exception {
        Path stackDir = tmp.resolve("stack");
        Fs.copyTree(TestTools.examples(), stackDir, rel -> !rel.startsWith(".hd"));
        ResolvedStack stack = resolve(stackDir);

        RecordingListener l = new RecordingListener();
        BuildResult r = builder(BuildOptions.defaults(2), l).build(stack);
        assertTrue(r.ok(), () -> "failed: " + r.failed());
        assertEquals(Set.of("libgreet", "libshout", "hello"), nameSet(r.built()));
        assertTrue(l.events().contains("stage hello test"), l.events().toString());

        ResolvedPackage hello = stack.get("hello");
        Path greetLib = store.artifact("libgreet", stack.get("libgreet").id()).resolve("lib");
        Path shoutLib = store.artifact("libshout", stack.get("libshout").id()).resolve("lib");
        Path exe = store.artifact("hello", hello.id()).resolve("bin/hello");
        String dyn = TestTools.run(CLEAN, tmp, "readelf", "-d", exe.toString());
        assertTrue(dyn.contains(greetLib.toString()) && dyn.contains(shoutLib.toString())
                && (dyn.contains("RUNPATH") || dyn.contains("RPATH")), dyn);
        String ldd = TestTools.run(CLEAN, tmp, "ldd", exe.toString());
        assertTrue(ldd.contains("libgreet.so => " + greetLib.resolve("libgreet.so")), ldd);

        Profiles profiles = new Profiles(store);
        ProfileId pid = profiles.create(stack);
        Path link = stackDir.resolve(".hd/profile");
        profiles.switchLink(link, pid);
        String out = TestTools.run(CLEAN, tmp, link.resolve("bin/hello").toString(), "world");
        assertEquals("Hello, world!\nHELLO, WORLD!\n", out, "runs from the profile with no LD_LIBRARY_PATH");
        assertTrue(Files.isSymbolicLink(link.resolve("lib/libgreet.so")));
        assertTrue(Files.exists(link.resolve("include/shout.h")));

        for (String f : List.of("build.log", "build.sh", "build-env", "build-spec.json", "manifest", "artifact.json")) {
            assertTrue(Files.isRegularFile(store.artifactMeta("hello", hello.id()).resolve(f)), f);
        }
        assertEquals(hello.buildSpecJson() + "\n", Files.readString(store.buildSpec("hello", hello.id())));
        try (var s = Files.list(store.tmpDir())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("build-")).toList(),
                    "build directories are removed");
        }

        RecordingListener l2 = new RecordingListener();
        BuildResult again = builder(BuildOptions.defaults(2), l2).build(resolve(stackDir));
        assertEquals(List.of(), again.built());
        assertEquals(3, again.upToDate().size());
        assertEquals(List.of("planned 3 0"), l2.events());

        Path shoutSpec = stackDir.resolve("pkgs/libshout.yaml");
        Files.writeString(shoutSpec, Files.readString(shoutSpec)
                + "build_stages:\n  - name: note\n    after: install\n    bash: echo changed\n");
        BuildResult changed = builder(BuildOptions.defaults(2), RecordingListener.NONE).build(resolve(stackDir));
        assertTrue(changed.ok());
        assertEquals(List.of("libshout", "hello"), names(changed.built()), "the changed package and its dependents");
        assertEquals(List.of("libgreet"), names(changed.upToDate()));
    }

    private static StackFixture failing(Path counter) {
        StackFixture f = new StackFixture();
        f.pkg("base").stage("build", "echo base >> " + counter);
        f.pkg("bad").deps("base").stage("configure", "echo configuring")
                .stage("compile", "echo some output\necho more output >&2\nsh -c 'exit 3'\necho never");
        f.pkg("above").deps("bad").stage("build", "echo above >> " + counter);
        f.pkg("top").deps("above").stage("build", "echo top >> " + counter);
        f.pkg("independent").deps("base").stage("build", "echo independent >> " + counter);
        return f;
    }

    @Test
    void aFailureNamesStageCommandAndLogAndBlocksOnlyItsDependents() throws Exception {
        Path counter = tmp.resolve("counter");
        ResolvedStack stack = failing(counter).stack();
        RecordingListener l = new RecordingListener();
        BuildResult r = builder(BuildOptions.defaults(1).withKeepGoing(true), l).build(stack);

        assertFalse(r.ok());
        assertEquals(1, r.failed().size());
        BuildFailure f = r.failed().get(0);
        assertEquals("bad", f.pkg().name());
        assertEquals("compile", f.stage());
        assertEquals("sh -c 'exit 3'", f.command());
        assertEquals(3, f.exitCode());
        assertTrue(f.logTail().contains("some output") && f.logTail().contains("more output"), f.logTail().toString());
        assertFalse(f.logTail().contains("never"));
        assertEquals(store.failedLog("bad", f.pkg().id()), f.log());
        assertTrue(Files.readString(f.log()).contains("hd-stage: configure\nconfiguring\n"));
        assertEquals(List.of(f), l.failures);

        assertEquals(Set.of("base", "independent"), nameSet(r.built()), "--keep-going builds what does not need bad");
        assertEquals(List.of("above", "top"), names(r.blocked()));
        assertEquals(List.of("above", "top"), names(r.blockedBy(f)));
        assertFalse(Files.exists(store.artifact("bad", f.pkg().id())), "no half-artifact");
        assertFalse(Files.exists(store.buildDir(f.pkg().id())), "no build directory left");
        assertEquals(Set.of("base", "independent"), new TreeSet<>(Files.readAllLines(counter)));
    }

    @Test
    void withoutKeepGoingNothingNewStartsAfterAFailure() throws Exception {
        Path counter = tmp.resolve("counter");
        ResolvedStack stack = failing(counter).stack();
        BuildResult r = builder(BuildOptions.defaults(1), RecordingListener.NONE).build(stack);
        assertEquals(List.of("base"), names(r.built()));
        assertEquals("bad", r.failed().get(0).pkg().name());
        assertEquals(List.of("above", "top", "independent"), names(r.blocked()));
        assertEquals(List.of("above", "top"), names(r.blockedBy(r.failed().get(0))));
    }

    @Test
    void debrisOfAKilledBuildIsRemovedBeforeTheRetry() throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("p").stage("build", "mkdir -p \"$ARTIFACT/bin\"; echo ok > \"$ARTIFACT/bin/p\"; test ! -e stale");
        ResolvedPackage p = f.stack().get("p");
        Path art = store.artifact("p", p.id());
        Files.createDirectories(art.resolve(".hd"));
        Files.createDirectories(art.resolve("lib"));
        Files.writeString(art.resolve("lib/half-written.so"), "junk");
        art.resolve("lib").toFile().setWritable(false);
        Files.createDirectories(store.buildDir(p.id()));
        Files.writeString(store.buildDir(p.id()).resolve("stale"), "from the killed build");

        assertFalse(builder(BuildOptions.defaults(1), RecordingListener.NONE).isBuilt(p), "no marker: not built");
        BuildResult r = builder(BuildOptions.defaults(1), RecordingListener.NONE).build(f.stack());
        assertTrue(r.ok(), () -> r.failed().toString());
        assertFalse(Files.exists(art.resolve("lib")), "the old content is gone");
        assertEquals("ok\n", Files.readString(art.resolve("bin/p")));
    }

    @Test
    void twoBuildersOnOneStoreBuildEachArtifactOnce() throws Exception {
        Path counter = tmp.resolve("counter");
        StackFixture f = new StackFixture();
        f.pkg("a").stage("build", "echo a >> " + counter + "; sleep 0.2");
        f.pkg("b").deps("a").stage("build", "echo b >> " + counter);
        f.pkg("c").deps("a").stage("build", "echo c >> " + counter + "; sleep 0.1");
        f.pkg("d").deps("b", "c").stage("build", "echo d >> " + counter);
        ResolvedStack stack = f.stack();
        BuildResult[] results = new BuildResult[2];
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            threads[i] = new Thread(() -> {
                try {
                    results[n] = builder(BuildOptions.defaults(2), RecordingListener.NONE).build(stack);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        for (BuildResult r : results) {
            assertTrue(r != null && r.ok(), () -> Arrays.toString(results));
            assertEquals(4, r.built().size() + r.upToDate().size());
        }
        List<String> builds = Files.readAllLines(counter);
        assertEquals(List.of("a", "b", "c", "d"), builds.stream().sorted().toList(), "each artifact built once: " + builds);
        assertEquals(4, results[0].built().size() + results[1].built().size());
    }

    @Test
    void independentPackagesRunInParallel() throws Exception {
        // each waits for the other to have started: this only finishes when both run at once
        Path flags = Files.createDirectories(tmp.resolve("flags"));
        String wait = "touch %s/%s; for i in $(seq 600); do [ -e %s/%s ] && exit 0; sleep 0.1; done; exit 1";
        StackFixture f = new StackFixture();
        f.pkg("left").stage("build", String.format(wait, flags, "left", flags, "right"));
        f.pkg("right").stage("build", String.format(wait, flags, "right", flags, "left"));
        BuildResult r = builder(BuildOptions.defaults(2), RecordingListener.NONE).build(f.stack());
        assertTrue(r.ok(), () -> r.failed().toString());
    }

    @Test
    void theBuildSeesOnlyItsOwnEnvironmentSourcesAndHostPackages() throws Exception {
        Path local = Files.createDirectories(tmp.resolve("work/libx"));
        Files.writeString(local.resolve("x.c"), "int x;\n");
        Files.createDirectories(local.resolve(".git"));
        Files.writeString(local.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        StackFixture f = new StackFixture();
        f.file("src/tool/main.c", "int main(void){return 0;}\n").file("src/tool/sub/readme", "hi\n");
        f.pkg("mpi").host().whenBuildDependency(EnvAction.Op.SET, "MPI_HOME", "${ARTIFACT}/fake")
                .whenBuildDependency(EnvAction.Op.PREPEND_PATH, "PATH", "/opt/mpi/bin");
        f.pkg("tool").buildDeps("mpi").tree("src/tool", "src").local(local, "libx")
                .stage("build", "mkdir -p \"$ARTIFACT/share\"; env | sort > \"$ARTIFACT/share/env.txt\"\n"
                        + "find . -path ./.hd-home -prune -o -path ./.hd-tmp -prune -o -type f -print | sort > \"$ARTIFACT/share/files.txt\"\n"
                        + "pwd > \"$ARTIFACT/share/pwd.txt\"; echo $$ > \"$ARTIFACT/share/pid\"\n"
                        + "test -w \"$HOME\" && test -w \"$TMPDIR\"\n"
                        // output elsewhere: only the watchdog, not the end of the pipe, can stop it
                        + "sleep 300 >/dev/null 2>&1 & echo $! > \"$ARTIFACT/share/background.pid\"");
        ResolvedStack stack = f.stack();
        BuildResult r = builder(BuildOptions.defaults(1), RecordingListener.NONE).build(stack);
        assertTrue(r.ok(), () -> r.failed().toString());

        ResolvedPackage tool = stack.get("tool");
        Path share = store.artifact("tool", tool.id()).resolve("share");
        Set<String> keys = Files.readAllLines(share.resolve("env.txt")).stream()
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
        keys.removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD")); // bash's own
        assertEquals(new TreeSet<>(List.of("ARTIFACT", "BUILD", "HD_JOBS", "HOME", "LANG", "LC_ALL", "MPI_DIR", "MPI_HOME",
                "PATH", "SHELL", "SOURCE_DATE_EPOCH", "TMPDIR", "TZ")), keys);
        String env = Files.readString(share.resolve("env.txt"));
        assertTrue(env.contains("PATH=/opt/mpi/bin:/usr/bin:/bin\n"), env);
        assertTrue(env.contains("MPI_HOME=" + store.artifact("mpi", stack.get("mpi").id()) + "/fake\n"), env);
        assertEquals(List.of("./libx/x.c", "./src/main.c", "./src/sub/readme"), Files.readAllLines(share.resolve("files.txt")),
                "sources at their targets, local .git left out");
        assertEquals(store.buildDir(tool.id()).toString(), Files.readString(share.resolve("pwd.txt")).trim());

        Path hostArt = store.artifact("mpi", stack.get("mpi").id());
        try (var s = Files.list(hostArt)) {
            assertEquals(List.of(hostArt.resolve(".hd")), s.toList(), "a host package's artifact is only metadata");
        }
        assertTrue(Files.exists(store.artifactMarker("mpi", stack.get("mpi").id())));

        long bg = Long.parseLong(Files.readString(share.resolve("background.pid")).trim());
        var handle = ProcessHandle.of(bg);
        if (handle.isPresent()) {
            // the watchdog kills what a build left running (it would sleep for 300 s otherwise)
            handle.get().onExit().get(60, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(bg).map(ProcessHandle::isAlive).orElse(false), "no build process outlives its build");
    }

    @Test
    void aMissingArchiveCacheIsAFailureOfThatPackageNotACrash() throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("ok").stage("build", "true");
        ResolvedStack base = f.stack();
        ResolvedPackage ok = base.get("ok");
        var archive = new dev.hd.resolver.Source.Archive(dev.hd.resolver.SourceKey.sha256("a".repeat(64)),
                "https://example.org/x.tar.gz", ".", true);
        ResolvedPackage withArchive = new ResolvedPackage("arch", "arch", "1", dev.hd.resolver.ArtifactId.ofCanonicalJson("{\"x\":1}"),
                "{\"x\":1}", ok.origin(), List.of(archive), List.of(), List.of(), List.of(), ok.stages(), Map.of(),
                List.of(), ok.profileLinks(), false, Map.of());
        ResolvedStack stack = new ResolvedStack(base.source(), Map.of(), List.of(ok, withArchive), List.of("ok", "arch"), List.of());
        BuildResult r = builder(BuildOptions.defaults(1).withKeepGoing(true), RecordingListener.NONE).build(stack);
        assertEquals(List.of("ok"), names(r.built()));
        BuildFailure fail = r.failed().get(0);
        assertEquals("sources", fail.stage());
        assertTrue(fail.command().contains("https://example.org/x.tar.gz"), fail.command());
        assertTrue(Files.readString(fail.log(), StandardCharsets.UTF_8).contains("sources failed"), "the log says it too");
    }
}
