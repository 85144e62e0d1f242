package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.StackDiff.Change;
import dev.hd.resolver.StackDiff.Input;
import dev.hd.resolver.StackDiff.Rebuilt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StackDiff}: each kind of input change is named as such, dependency-only rebuilds are
 * told apart from own changes, and root causes are found through chains of dependencies.
 * Stack of {@link IdPropagationTest}: {@code zlib <- png <- app}, {@code tool} (build-only
 * dependency of app), {@code other}.
 */
class StackDiffTest {

    private static StackDiff diff(MapSpecSource before, MapSpecSource after) throws HdException {
        return StackDiff.of(Specs.resolve(before), Specs.resolve(after));
    }

    private static StackDiff diff(MapSpecSource before, MapSpecSource after, Map<String, String> overrides)
            throws HdException {
        return StackDiff.of(Specs.resolve(before, ResolveOptions.defaults().withOverrides(overrides)),
                Specs.resolve(after, ResolveOptions.defaults().withOverrides(overrides)));
    }

    private static List<String> names(List<Rebuilt> rs) {
        return rs.stream().map(Rebuilt::name).toList();
    }

    @Test
    void identicalStacksDifferInNothing() throws Exception {
        StackDiff d = diff(IdPropagationTest.base(), IdPropagationTest.base());
        assertTrue(d.isEmpty());
        assertEquals(List.of("other", "tool", "zlib", "png", "app"), d.unchanged(), "in dependency order, ties by name");
        assertTrue(d.parameters().isEmpty());
    }

    @Test
    void aSourceKeyChangeIsNamedAndDependentsRebuildOnlyThroughTheDependency() throws Exception {
        MapSpecSource after = IdPropagationTest.base().copy().put("pkgs/zlib.yaml", """
                version: "1.3.1"
                sources:
                  - url: https://example.org/zlib-1.3.1.tar.gz
                    key: sha256:2222222222222222222222222222222222222222222222222222222222222222
                build_stages:
                  - {name: build, bash: "make CFLAGS={{opt}}"}
                """);
        StackDiff d = diff(IdPropagationTest.base(), after);
        assertEquals(List.of("zlib", "png", "app"), names(d.rebuilt()));
        assertEquals(List.of("other", "tool"), d.unchanged());
        Rebuilt zlib = d.rebuilt("zlib").orElseThrow();
        assertEquals(List.of(
                new Change(Input.VERSION, "version", "value", "1.3", "1.3.1"),
                new Change(Input.SOURCE, "https://example.org/zlib-1.3.1.tar.gz", "key", "sha256:" + "1".repeat(64),
                        "sha256:" + "2".repeat(64))), zlib.changes());
        assertFalse(zlib.onlyDependencies());

        Rebuilt png = d.rebuilt("png").orElseThrow();
        assertTrue(png.onlyDependencies(), png.changes().toString());
        assertEquals(List.of("zlib"), png.changedDependencies());
        Change dep = png.changes().get(0);
        assertEquals(Input.DEPENDENCY, dep.input());
        assertEquals(zlib.from().id().value(), dep.from());
        assertEquals(zlib.to().id().value(), dep.to());

        Rebuilt app = d.rebuilt("app").orElseThrow();
        assertEquals(List.of("png"), app.changedDependencies(), "app sees zlib only through png's id");
        assertEquals(List.of("zlib"), d.rootCauses("app"));
        assertEquals(List.of("zlib"), d.rootCauses("zlib"));
        assertEquals(List.of(), d.rootCauses("other"));
    }

    @Test
    void stagesParametersAndEnvAreNamedByName() throws Exception {
        MapSpecSource before = IdPropagationTest.base().copy().put("pkgs/tool.yaml", """
                env: {A: "1", B: "2"}
                build_stages:
                  - {name: build, bash: "echo tool"}
                  - {name: check, after: build, bash: "true"}
                """);
        MapSpecSource after = before.copy().put("pkgs/tool.yaml", """
                env: {A: "1", B: "3", C: "4"}
                build_stages:
                  - {name: build, bash: "echo tool v2"}
                  - {name: install, after: build, bash: "true"}
                """);
        StackDiff d = diff(before, after);
        assertEquals(List.of("tool", "app"), names(d.rebuilt()));
        assertEquals(List.of(
                new Change(Input.ENV, "B", "value", "2", "3"),
                new Change(Input.ENV, "C", "value", null, "4"),
                new Change(Input.STAGE, "build", "bash", "echo tool", "echo tool v2"),
                new Change(Input.STAGE, "check", "bash", "true", null),
                new Change(Input.STAGE, "install", "bash", null, "true")), d.rebuilt("tool").orElseThrow().changes());

        StackDiff p = diff(IdPropagationTest.base(), IdPropagationTest.base(), Map.of());
        assertTrue(p.isEmpty());
        StackDiff opt = StackDiff.of(Specs.resolve(IdPropagationTest.base()),
                Specs.resolve(IdPropagationTest.base(), ResolveOptions.defaults().withOverrides(Map.of("opt", "-O0"))));
        assertEquals(List.of("other", "zlib", "png", "app"), names(opt.rebuilt()));
        // the parameter, and the stage it is expanded into
        assertEquals(List.of(new Change(Input.PARAMETER, "opt", "value", "-O2", "-O0"),
                new Change(Input.STAGE, "build", "bash", "make other -O2", "make other -O0")),
                opt.rebuilt("other").orElseThrow().changes());
        assertEquals(List.of(new Change(Input.PARAMETER, "opt", "value", "-O2", "-O0")), opt.parameters());
    }

    @Test
    void onlyAReorderOfStagesIsAnOrderChange() throws Exception {
        MapSpecSource before = IdPropagationTest.base().copy().put("pkgs/other.yaml", """
                build_stages:
                  - {name: a, bash: "echo a"}
                  - {name: b, bash: "echo b"}
                """);
        MapSpecSource after = before.copy().put("pkgs/other.yaml", """
                build_stages:
                  - {name: a, after: b, bash: "echo a"}
                  - {name: b, bash: "echo b"}
                """);
        assertEquals(List.of(new Change(Input.STAGE, "stages", "order", "a, b", "b, a")),
                diff(before, after).rebuilt("other").orElseThrow().changes());
    }

    @Test
    void addedRemovedDependenciesAndProfileMembership() throws Exception {
        MapSpecSource after = IdPropagationTest.base().copy()
                .put("stack.yaml", """
                        parameters: {opt: "-O2", unused: y}
                        packages: {app: , extra: }
                        """)
                .put("pkgs/extra.yaml", "build_stages:\n  - {name: build, bash: extra}\n")
                .put("pkgs/app.yaml", """
                        dependencies: {build: [png, tool], run: [png, tool]}
                        build_stages:
                          - {name: build, bash: "make app"}
                        """);
        StackDiff d = diff(IdPropagationTest.base(), after);
        assertEquals(List.of("extra"), d.added().stream().map(ResolvedPackage::name).toList());
        assertEquals(List.of("other"), d.removed().stream().map(ResolvedPackage::name).toList());
        assertEquals(List.of("app"), names(d.rebuilt()));
        Rebuilt app = d.rebuilt("app").orElseThrow();
        assertEquals(List.of(new Change(Input.DEPENDENCY, "tool", "kinds", "build", "build, run")), app.changes());
        assertFalse(app.onlyDependencies(), "a new kind of dependency is a change of app's own spec");
        assertEquals(List.of("extra", "tool"), d.enteringProfile());
        assertEquals(List.of("other"), d.leavingProfile());
        assertEquals(List.of(new Change(Input.PARAMETER, "unused", "value", "x", "y")), d.parameters());
        assertTrue(d.unchanged().containsAll(List.of("zlib", "png", "tool")), "a parameter nobody uses rebuilds nothing");
    }

    @Test
    void rootCausesFollowEveryChangedDependency() throws Exception {
        MapSpecSource after = IdPropagationTest.base().copy()
                .put("pkgs/tool.yaml", "build_stages:\n  - {name: build, bash: \"echo tool 2\"}\n")
                .put("pkgs/png.yaml", """
                        version: "1.6.1"
                        dependencies: {build: [zlib], run: [zlib]}
                        build_stages:
                          - {name: build, bash: make}
                        """);
        StackDiff d = diff(IdPropagationTest.base(), after);
        assertEquals(List.of("png", "tool"), d.rootCauses("app"));
        assertEquals(List.of("png", "tool"), d.rebuilt("app").orElseThrow().changedDependencies());
    }

    @Test
    void aHostProbeOutputChangeIsAHostChange() throws Exception {
        MapSpecSource src = Specs.stack("packages: {cc: }")
                .put("pkgs/cc.yaml", "host: true\nprobe: gcc --version\n");
        ResolvedStack a = Specs.resolve(src, ResolveOptions.defaults().withProbes((n, c) -> "gcc 12"));
        ResolvedStack b = Specs.resolve(src, ResolveOptions.defaults().withProbes((n, c) -> "gcc 13"));
        assertEquals(List.of(new Change(Input.HOST, "output", "value", "gcc 12", "gcc 13")),
                StackDiff.of(a, b).rebuilt("cc").orElseThrow().changes());
    }

    @Test
    void aPathSourceIsNamedByItsPathAndMovedSourcesPairByKey() throws Exception {
        MapSpecSource before = Specs.stack("packages: {p: }")
                .put("pkgs/p.yaml", """
                        sources:
                          - path: src/p
                          - url: https://example.org/x.tar.gz
                            key: sha256:1111111111111111111111111111111111111111111111111111111111111111
                            target: x
                        build_stages: [{name: build, bash: make}]
                        """)
                .put("src/p/main.c", "int main(void) { return 0; }\n");
        MapSpecSource edited = before.copy().put("src/p/main.c", "int main(void) { return 1; }\n");
        assertEquals(List.of(Input.SOURCE), diff(before, edited).rebuilt("p").orElseThrow().changes().stream()
                .map(Change::input).toList());
        Change c = diff(before, edited).rebuilt("p").orElseThrow().changes().get(0);
        assertEquals("src/p", c.what());
        assertTrue(c.from().startsWith("tree:") && c.to().startsWith("tree:") && !c.from().equals(c.to()), c.toString());

        MapSpecSource swapped = before.copy().put("pkgs/p.yaml", """
                sources:
                  - url: https://example.org/x.tar.gz
                    key: sha256:1111111111111111111111111111111111111111111111111111111111111111
                    target: y
                  - path: src/p
                build_stages: [{name: build, bash: make}]
                """);
        assertEquals(List.of(new Change(Input.SOURCE, "https://example.org/x.tar.gz", "target", "x", "y")),
                diff(before, swapped).rebuilt("p").orElseThrow().changes());
    }
}
