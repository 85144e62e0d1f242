package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Changing one input changes exactly the ids it should: the package whose input changed and
 * everything that sees it in its build environment, and nothing else.
 *
 * <p>Stack: {@code zlib <- png <- app}, {@code tool} (build-only dependency of {@code app}),
 * and {@code other}, unrelated. {@code png} has a run dependency on {@code zlib}, so
 * {@code app} sees zlib through png's run closure.
 */
class IdPropagationTest {

    static MapSpecSource base() {
        return new MapSpecSource("propagation")
                .put("stack.yaml", """
                        parameters: {opt: "-O2", unused: x}
                        packages: {app: , other: }
                        """)
                .put("pkgs/zlib.yaml", """
                        version: "1.3"
                        sources:
                          - url: https://example.org/zlib-1.3.tar.gz
                            key: sha256:1111111111111111111111111111111111111111111111111111111111111111
                        build_stages:
                          - {name: build, bash: "make CFLAGS={{opt}}"}
                        """)
                .put("pkgs/png.yaml", """
                        version: "1.6"
                        dependencies: {build: [zlib], run: [zlib]}
                        build_stages:
                          - {name: build, bash: make}
                        """)
                .put("pkgs/tool.yaml", """
                        build_stages:
                          - {name: build, bash: "echo tool"}
                        """)
                .put("pkgs/app.yaml", """
                        dependencies: {build: [png, tool], run: [png]}
                        build_stages:
                          - {name: build, bash: "make app"}
                        """)
                .put("pkgs/other.yaml", """
                        build_stages:
                          - {name: build, bash: "make other {{opt}}"}
                        """);
    }

    static Map<String, ArtifactId> ids(SpecSource src, Map<String, String> overrides) throws HdException {
        Map<String, ArtifactId> out = new TreeMap<>();
        for (ResolvedPackage p : Resolver.resolve(src, ResolveOptions.defaults().withOverrides(overrides)).packages()) {
            out.put(p.name(), p.id());
        }
        return out;
    }

    static Set<String> changed(Map<String, ArtifactId> a, Map<String, ArtifactId> b) {
        assertEquals(a.keySet(), b.keySet(), "same packages");
        Set<String> out = new TreeSet<>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                out.add(k);
            }
        });
        return out;
    }

    @Test
    void resolvingTwiceGivesTheSameIds() throws HdException {
        assertEquals(ids(base(), Map.of()), ids(base(), Map.of()));
    }

    @Test
    void buildCommandChangesThatPackageAndItsDependents() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        MapSpecSource s = base().put("pkgs/png.yaml", """
                version: "1.6"
                dependencies: {build: [zlib], run: [zlib]}
                build_stages:
                  - {name: build, bash: make -j2}
                """);
        assertEquals(Set.of("png", "app"), changed(before, ids(s, Map.of())));
    }

    @Test
    void buildOnlyDependencyChangesOnlyItsDirectDependent() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        MapSpecSource s = base().put("pkgs/tool.yaml", """
                build_stages:
                  - {name: build, bash: "echo tool v2"}
                """);
        assertEquals(Set.of("tool", "app"), changed(before, ids(s, Map.of())));
    }

    @Test
    void sourceKeyChangesPackageAndEverythingAboveIt() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        MapSpecSource s = base().put("pkgs/zlib.yaml", """
                version: "1.3"
                sources:
                  - url: https://example.org/zlib-1.3.tar.gz
                    key: sha256:2222222222222222222222222222222222222222222222222222222222222222
                build_stages:
                  - {name: build, bash: "make CFLAGS={{opt}}"}
                """);
        assertEquals(Set.of("zlib", "png", "app"), changed(before, ids(s, Map.of())));
    }

    @Test
    void sourceUrlIsNotPartOfTheIdentity() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        MapSpecSource s = base().put("pkgs/zlib.yaml", """
                version: "1.3"
                sources:
                  - url: https://mirror.example.net/elsewhere/zlib-1.3.tar.gz
                    key: sha256:1111111111111111111111111111111111111111111111111111111111111111
                build_stages:
                  - {name: build, bash: "make CFLAGS={{opt}}"}
                """);
        assertEquals(Set.of(), changed(before, ids(s, Map.of())));
    }

    @Test
    void parameterInEffectChangesExactlyItsUsers() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        // opt is used by zlib and other: those, plus what sees zlib, change; tool does not.
        assertEquals(Set.of("zlib", "png", "app", "other"), changed(before, ids(base(), Map.of("opt", "-O3"))));
    }

    @Test
    void perPackageParameterChangesOnlyThatPackageAndDependents() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        assertEquals(Set.of("other"), changed(before, ids(base(), Map.of("other.opt", "-O0"))));
    }

    @Test
    void unreferencedParameterChangesNothing() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        assertEquals(Set.of(), changed(before, ids(base(), Map.of("unused", "y", "brandnew", "z"))));
    }

    @Test
    void versionChangePropagates() throws HdException {
        Map<String, ArtifactId> before = ids(base(), Map.of());
        MapSpecSource s = base().put("pkgs/png.yaml", """
                version: "1.7"
                dependencies: {build: [zlib], run: [zlib]}
                build_stages:
                  - {name: build, bash: make}
                """);
        assertEquals(Set.of("png", "app"), changed(before, ids(s, Map.of())));
    }

    @Test
    void runDependencyOfABuildDependencyIsInTheBuildEnvironmentAndTheId() throws HdException {
        ResolvedStack rs = Resolver.resolve(base(), ResolveOptions.defaults());
        ResolvedPackage app = rs.get("app");
        // dependency order of the whole stack (dependencies first, ties by name)
        assertEquals(java.util.List.of("tool", "zlib", "png"), app.buildEnv());
        // app's spec names its direct dependencies by id; zlib reaches app's id through png's,
        // which hashes its run dependency on zlib.
        var appSpec = CanonicalJson.read(app.buildSpecJson()).get("dependencies");
        assertEquals(rs.get("png").id().value(), appSpec.get("build").get("png").asText());
        assertEquals(null, appSpec.get("build").get("zlib"));
        var pngSpec = CanonicalJson.read(rs.get("png").buildSpecJson()).get("dependencies");
        assertEquals(rs.get("zlib").id().value(), pngSpec.get("run").get("zlib").asText());
        // tool is build-only: built, but not in the profile.
        assertEquals(java.util.List.of("app", "other", "png", "zlib"), rs.profilePackages());
    }

    @Test
    void platformEntersEveryId() throws HdException {
        Map<String, ArtifactId> linux = ids(base(), Map.of());
        ResolveOptions arm = new ResolveOptions(Map.of(), Map.of("platform", "linux", "arch", "aarch64"),
                ProbeRunner.NONE, GitRefResolver.NONE, Map.of());
        Map<String, ArtifactId> other = new TreeMap<>();
        for (ResolvedPackage p : Resolver.resolve(base(), arm).packages()) {
            other.put(p.name(), p.id());
        }
        assertEquals(linux.keySet(), changed(linux, other));
        assertNotEquals(linux.get("tool"), other.get("tool"));
    }
}
