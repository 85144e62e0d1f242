package dev.hd.resolver;

import static dev.hd.resolver.Specs.SHA_A;
import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.hinted;
import static dev.hd.resolver.Specs.names;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Build vs run dependencies, the build environment, the profile, auto-inclusion, and host packages. */
class DependenciesTest {

    /**
     * app --build--> lib, tool;  app --run--> lib;  lib --run--> z --run--> zz;  tool --build--> bt.
     * Only app is listed.
     */
    private static MapSpecSource graph() {
        return stack("packages:\n  app:\n")
                .put("pkgs/app.yaml", "dependencies: {build: [lib, tool], run: [lib]}\n")
                .put("pkgs/lib.yaml", "version: '1'\ndependencies: {run: [z]}\n")
                .put("pkgs/z.yaml", "dependencies: {run: [zz]}\n")
                .put("pkgs/zz.yaml", "version: '1'\n")
                .put("pkgs/tool.yaml", "dependencies: {build: [bt]}\n")
                .put("pkgs/bt.yaml", "version: '1'\n");
    }

    @Test
    void unlistedDependenciesAreIncludedAndOrderedDependenciesFirst() throws Exception {
        ResolvedStack s = resolve(graph());
        // Kahn's order with ties by name: bt and zz are ready first, bt < zz
        assertEquals(List.of("bt", "tool", "zz", "z", "lib", "app"), names(s));
    }

    @Test
    void directDependenciesAreReportedSorted() throws Exception {
        ResolvedPackage app = resolve(graph().put("pkgs/app.yaml",
                "dependencies: {build: [tool, lib], run: [lib]}\n")).get("app");
        assertEquals(List.of("lib", "tool"), app.buildDeps());
        assertEquals(List.of("lib"), app.runDeps());
    }

    @Test
    void theBuildEnvironmentIsTheBuildDependenciesWithTheirRunClosureInDependencyOrder() throws Exception {
        ResolvedStack s = resolve(graph());
        assertEquals(List.of("tool", "zz", "z", "lib"), s.get("app").buildEnv());
        assertEquals(List.of("bt"), s.get("tool").buildEnv());
        // run dependencies are not in a package's own build environment
        assertEquals(List.of(), s.get("lib").buildEnv());
    }

    @Test
    void theProfileIsTheListedPackagesWithTheirRunClosure() throws Exception {
        ResolvedStack s = resolve(graph());
        assertEquals(List.of("app", "lib", "z", "zz"), s.profilePackages());
        assertFalse(s.profilePackages().contains("tool"), "build-only dependencies are built but not in the profile");
        assertTrue(names(s).contains("tool"));
    }

    @Test
    void aListedBuildOnlyDependencyIsInTheProfile() throws Exception {
        ResolvedStack s = resolve(graph().put("stack.yaml", "packages:\n  app:\n  tool:\n"));
        assertEquals(List.of("app", "lib", "tool", "z", "zz"), s.profilePackages());
    }

    private static ArtifactId id(MapSpecSource src, String name) throws HdException {
        return resolve(src).get(name).id();
    }

    @Test
    void aChangeInTheBuildEnvironmentChangesTheId() throws Exception {
        ArtifactId app = id(graph(), "app");
        // zz is in app's build environment through lib's run closure
        assertNotEquals(app, id(graph().put("pkgs/zz.yaml", "version: '2'\n"), "app"));
        // bt changes tool's id, and tool is a build dependency of app
        assertNotEquals(app, id(graph().put("pkgs/bt.yaml", "version: '2'\n"), "app"));
    }

    @Test
    void aRunDependencyEntersTheIdOfItsDependent() throws Exception {
        // Run dependencies are baked into artifacts (rpaths, #! lines): their ids are hashed.
        ArtifactId lib = id(graph(), "lib");
        assertNotEquals(lib, id(graph().put("pkgs/zz.yaml", "version: '2'\n"), "lib"));
        ResolvedStack s = resolve(graph());
        var deps = CanonicalJson.read(s.get("lib").buildSpecJson()).get("dependencies");
        for (String r : s.get("lib").runDeps()) {
            assertEquals(s.get(r).id().value(), deps.get("run").get(r).asText());
        }
    }

    @Test
    void idsAreStableAcrossResolutions() throws Exception {
        ResolvedStack a = resolve(graph());
        ResolvedStack b = resolve(graph());
        for (ResolvedPackage p : a.packages()) {
            assertEquals(p.id(), b.get(p.name()).id(), p.name());
            assertEquals(p.buildSpecJson(), b.get(p.name()).buildSpecJson());
            assertEquals(ArtifactId.ofCanonicalJson(p.buildSpecJson()), p.id());
        }
    }

    @Test
    void aDependencyListedTwiceCountsOnce() throws Exception {
        ResolvedPackage p = resolve(graph().put("pkgs/app.yaml", "dependencies: {build: [lib, lib]}\n")).get("app");
        assertEquals(List.of("lib"), p.buildDeps());
    }

    @Test
    void aSingleDependencyMayBeWrittenAsAString() throws Exception {
        ResolvedPackage p = resolve(graph().put("pkgs/app.yaml", "dependencies: {build: lib}\n")).get("app");
        assertEquals(List.of("lib"), p.buildDeps());
    }

    @Test
    void anUnknownDependencyKindIsAnError() {
        SpecException e = specError(graph().put("pkgs/app.yaml", "dependencies: {biuld: [lib]}\n"));
        assertAt(e, "pkgs/app.yaml", 1, 16);
        assertEquals("did you mean 'build'?", e.hint());
    }

    // ------------------------------------------------------------------ host packages

    private static final String HOST_MPI = """
            host: true
            probe: '{{mpicc}} --version'
            defaults: {mpicc: mpicc}
            when_build_dependency:
              - {prepend_path: PATH, value: /usr/lib/openmpi/bin}
            """;

    private static MapSpecSource hostStack() {
        return stack("packages:\n  mpi: {use: host-mpi}\n  app:\n")
                .put("pkgs/host-mpi.yaml", HOST_MPI)
                .put("pkgs/app.yaml", "dependencies: {build: [mpi]}\n");
    }

    private static ResolveOptions probing(List<String> calls, String output) {
        return ResolveOptions.defaults().withProbes((name, command) -> {
            calls.add(name + ": " + command);
            return output;
        });
    }

    @Test
    void aHostPackageRunsItsProbeAndBuildsNothing() throws Exception {
        List<String> calls = new ArrayList<>();
        ResolvedPackage mpi = resolve(hostStack(), probing(calls, "Open MPI 4.1.5\n")).get("mpi");
        assertEquals(List.of("mpi: mpicc --version"), calls);
        assertTrue(mpi.host());
        assertEquals(List.of(), mpi.stages());
        assertEquals(List.of(), mpi.sources());
        assertEquals(List.of(new EnvAction(EnvAction.Op.PREPEND_PATH, "PATH", "/usr/lib/openmpi/bin")),
                mpi.whenBuildDependency());
        assertContains(mpi.buildSpecJson(), "Open MPI 4.1.5");
    }

    @Test
    void aDifferentProbeOutputChangesTheIdsAboveIt() throws Exception {
        ResolvedStack v4 = resolve(hostStack(), probing(new ArrayList<>(), "Open MPI 4.1.5\n"));
        ResolvedStack v5 = resolve(hostStack(), probing(new ArrayList<>(), "Open MPI 5.0.0\n"));
        assertNotEquals(v4.get("mpi").id(), v5.get("mpi").id());
        assertNotEquals(v4.get("app").id(), v5.get("app").id());
    }

    @Test
    void aLongProbeOutputIsHashedAndStillDistinguishesHosts() throws Exception {
        String big = "x".repeat(10_000);
        ResolvedPackage a = resolve(hostStack(), probing(new ArrayList<>(), big + "a")).get("mpi");
        ResolvedPackage b = resolve(hostStack(), probing(new ArrayList<>(), big + "b")).get("mpi");
        assertNotEquals(a.id(), b.id());
        assertTrue(a.buildSpecJson().length() < 4096, "the build spec holds a digest, not the output");
    }

    @Test
    void probeParametersComeFromTheStack() throws Exception {
        List<String> calls = new ArrayList<>();
        resolve(hostStack(), probing(calls, "x").withOverrides(Map.of("mpicc", "/opt/mpi/bin/mpicc")));
        assertEquals(List.of("mpi: /opt/mpi/bin/mpicc --version"), calls);
    }

    @Test
    void withoutProbesAHostPackageCannotBeResolved() {
        HdException e = hinted(HdException.class, () -> resolve(hostStack()));
        assertContains(e.getMessage(), "host package 'mpi'");
    }

    @Test
    void aFailingProbeFailsTheResolution() {
        HdException e = hinted(HdException.class, () -> resolve(hostStack(), ResolveOptions.defaults()
                .withProbes((n, c) -> {
                    throw new HdException("mpicc: command not found", "install MPI, or drop mpi from the stack");
                })));
        assertEquals("mpicc: command not found", e.getMessage());
        assertEquals("install MPI, or drop mpi from the stack", e.hint(), "the probe's own hint is passed on");
    }

    @Test
    void aHostPackageWithBuildStagesOrSourcesIsAnError() {
        SpecException stages = specError(hostStack().put("pkgs/host-mpi.yaml",
                HOST_MPI + "build_stages:\n  - {name: b, bash: make}\n"), probing(new ArrayList<>(), "x"));
        assertEquals("pkgs/host-mpi.yaml", stages.location().file());
        assertContains(stages.getMessage(), "a host package builds nothing");
        SpecException sources = specError(hostStack().put("pkgs/host-mpi.yaml",
                HOST_MPI + "sources:\n  - {url: 'https://a', key: " + SHA_A + "}\n"), probing(new ArrayList<>(), "x"));
        assertContains(sources.getMessage(), "a host package builds nothing");
    }

    @Test
    void aHostPackageNeedsAProbeAndAProbeNeedsHost() {
        SpecException noProbe = specError(hostStack().put("pkgs/host-mpi.yaml", "host: true\n"));
        assertContains(noProbe.getMessage(), "needs a 'probe:' command");
        SpecException notHost = specError(hostStack().put("pkgs/host-mpi.yaml", "version: '1'\nprobe: mpicc -v\n"));
        assertAt(notHost, "pkgs/host-mpi.yaml", 2, 8);
        assertContains(notHost.getMessage(), "'probe:' only makes sense with 'host: true'");
    }

    @Test
    void hostMustBeABoolean() {
        SpecException e = specError(hostStack().put("pkgs/host-mpi.yaml", "host: 'true'\nprobe: x\n"));
        assertAt(e, "pkgs/host-mpi.yaml", 1, 7);
        assertContains(e.getMessage(), "expected true or false for 'host'");
    }
}
