package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.bash;
import static dev.hd.resolver.Specs.hinted;
import static dev.hd.resolver.Specs.names;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stack.yaml: profile {@code extends}, {@code parameters}, {@code packages} (use/skip), and k=v overrides. */
class ProfileTest {

    private static final String SHOW_XYZ = """
            build_stages:
              - name: show
                bash: echo {{x}} {{y}} {{z}}
            """;

    private static String show(String param) {
        return "build_stages:\n  - name: show\n    bash: echo {{" + param + "}}\n";
    }

    @Test
    void extendsAcceptsFileMappingsAndPlainStringsAndMergesPackages() throws Exception {
        MapSpecSource src = stack("""
                extends: [{file: linux.yaml}, gcc.yaml]
                packages:
                  c:
                """)
                .put("linux.yaml", "packages:\n  a:\n")
                .put("gcc.yaml", "packages:\n  b:\n")
                .put("pkgs/a.yaml", "")
                .put("pkgs/b.yaml", "")
                .put("pkgs/c.yaml", "");
        ResolvedStack s = resolve(src);
        assertEquals(List.of("a", "b", "c"), names(s));
        assertEquals(List.of("a", "b", "c"), s.profilePackages());
    }

    @Test
    void parentsMergeInOrderAndTheChildWins() throws Exception {
        MapSpecSource src = stack("""
                extends: [{file: linux.yaml}, {file: gcc.yaml}]
                parameters: {x: stack}
                packages:
                  a:
                """)
                .put("linux.yaml", "parameters: {x: linux, y: linux, z: linux}\n")
                .put("gcc.yaml", "parameters: {x: gcc, y: gcc}\n")
                .put("pkgs/a.yaml", SHOW_XYZ);
        ResolvedPackage a = resolve(src).get("a");
        assertEquals("echo stack gcc linux", bash(a, "show"));
        assertEquals(Map.of("x", "stack", "y", "gcc", "z", "linux"), a.parameters());
    }

    @Test
    void grandparentsAreMergedBeforeParents() throws Exception {
        MapSpecSource src = stack("""
                extends: [mid.yaml]
                parameters: {z: stack}
                """)
                .put("mid.yaml", "extends: [root.yaml]\nparameters: {y: mid, z: mid}\n")
                .put("root.yaml", "parameters: {x: root, y: root, z: root}\npackages:\n  a:\n")
                .put("pkgs/a.yaml", SHOW_XYZ);
        assertEquals("echo root mid stack", bash(resolve(src).get("a"), "show"));
    }

    @Test
    void aDiamondOfProfilesIsNotACycle() throws Exception {
        MapSpecSource src = stack("extends: [a.yaml, b.yaml]\n")
                .put("a.yaml", "extends: [common.yaml]\n")
                .put("b.yaml", "extends: [common.yaml]\n")
                .put("common.yaml", "packages:\n  z:\n")
                .put("pkgs/z.yaml", "");
        assertEquals(List.of("z"), names(resolve(src)));
    }

    @Test
    void childPackageSettingsOverrideTheParentsAndKeepTheRest() throws Exception {
        MapSpecSource src = stack("""
                extends: [parent.yaml]
                packages:
                  python: {opt: child}
                """)
                .put("parent.yaml", "packages:\n  python: {use: python3, opt: parent, other: kept}\n")
                .put("pkgs/python3.yaml", "build_stages:\n  - name: show\n    bash: echo {{opt}} {{other}}\n");
        ResolvedPackage p = resolve(src).get("python");
        assertEquals("python3", p.specName());
        assertEquals("echo child kept", bash(p, "show"));
    }

    @Test
    void profileCycleIsAnErrorAtTheExtendsEntryThatClosesIt() {
        MapSpecSource src = stack("extends: [a.yaml]\n")
                .put("a.yaml", "extends: [b.yaml]\n")
                .put("b.yaml", "extends: [a.yaml]\n");
        SpecException e = specError(src);
        assertAt(e, "b.yaml", 1, 11);
        assertEquals("profiles extend each other in a cycle: a.yaml -> b.yaml -> a.yaml", e.problem());
    }

    @Test
    void aProfileExtendingItselfIsACycle() {
        SpecException e = specError(stack("extends: [stack.yaml]\n"));
        assertAt(e, "stack.yaml", 1, 11);
        assertContains(e.getMessage(), "stack.yaml -> stack.yaml");
    }

    @Test
    void missingParentProfileIsAnErrorAtTheEntry() {
        SpecException e = specError(stack("packages: {}\nextends: [{file: linx.yaml}]\n"));
        assertAt(e, "stack.yaml", 2, 11);
        assertContains(e.getMessage(), "'linx.yaml' does not exist");
    }

    @Test
    void parentProfilePathMustStayInsideTheRepo() {
        SpecException e = specError(stack("extends: [../outside.yaml]\n"));
        assertAt(e, "stack.yaml", 1, 11);
    }

    @Test
    void useSatisfiesAPackageWithAnotherSpec() throws Exception {
        MapSpecSource src = stack("""
                packages:
                  python: {use: python3}
                  app:
                """)
                .put("pkgs/python3.yaml", "version: '3.12'\n")
                .put("pkgs/app.yaml", "dependencies: {build: [python]}\n");
        ResolvedStack s = resolve(src);
        assertEquals(List.of("python", "app"), names(s));
        ResolvedPackage py = s.get("python");
        assertEquals("python3", py.specName());
        assertEquals("3.12", py.version());
        assertEquals("pkgs/python3.yaml", py.origin().file());
        assertEquals(List.of("python"), s.get("app").buildEnv());
    }

    @Test
    void useOfAMissingSpecSuggestsTheClosestName() {
        MapSpecSource src = stack("""
                packages:
                  python: {use: pyhton3}
                """)
                .put("pkgs/python3.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "stack.yaml", 2, 17);
        assertContains(e.getMessage(), "no package 'pyhton3'");
        assertEquals("did you mean 'python3'?", e.hint());
    }

    @Test
    void skipDropsAPackageAParentAdded() throws Exception {
        MapSpecSource src = stack("""
                extends: [parent.yaml]
                packages:
                  old: {skip: true}
                """)
                .put("parent.yaml", "packages:\n  a:\n  old:\n")
                .put("pkgs/a.yaml", "")
                .put("pkgs/old.yaml", "");
        ResolvedStack s = resolve(src);
        assertEquals(List.of("a"), names(s));
        assertEquals(List.of("a"), s.profilePackages());
    }

    @Test
    void skipDoesNotNeedTheSpecToExist() throws Exception {
        MapSpecSource src = stack("packages:\n  a:\n  gone: {skip: true}\n").put("pkgs/a.yaml", "");
        assertEquals(List.of("a"), names(resolve(src)));
    }

    @Test
    void dependingOnASkippedPackageIsAnErrorAtTheDependency() {
        MapSpecSource src = stack("""
                extends: [parent.yaml]
                packages:
                  old: {skip: true}
                """)
                .put("parent.yaml", "packages:\n  a:\n  old:\n")
                .put("pkgs/a.yaml", "dependencies: {build: [old]}\n")
                .put("pkgs/old.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "pkgs/a.yaml", 1, 24);
        assertContains(e.getMessage(), "depends on 'old', which stack.yaml skips");
    }

    @Test
    void aChildCanBringBackAPackageTheParentSkipped() throws Exception {
        MapSpecSource src = stack("extends: [parent.yaml]\npackages:\n  old:\n")
                .put("parent.yaml", "packages:\n  old: {skip: true}\n")
                .put("pkgs/old.yaml", "");
        assertEquals(List.of("old"), names(resolve(src)));
    }

    @Test
    void globalParametersReachEveryPackageAndPerPackageOnesOnlyTheirOwn() throws Exception {
        MapSpecSource src = stack("""
                parameters: {g: global}
                packages:
                  a: {p: mine}
                  b:
                """)
                .put("pkgs/a.yaml", "build_stages:\n  - name: show\n    bash: echo {{g}} {{p}}\n")
                .put("pkgs/b.yaml", show("g"));
        ResolvedStack s = resolve(src);
        assertEquals("echo global mine", bash(s.get("a"), "show"));
        assertEquals("echo global", bash(s.get("b"), "show"));
        assertEquals(Map.of("g", "global"), s.parameters());

        MapSpecSource leak = src.copy().put("pkgs/b.yaml", show("p"));
        SpecException e = specError(leak);
        assertAt(e, "pkgs/b.yaml", 3, 16);
        assertContains(e.getMessage(), "undefined parameter 'p'");
    }

    // ------------------------------------------------------------------ precedence of parameters

    private static final String P_SPEC = "defaults: {v: spec}\n" + show("v");

    private static String resolvedV(String stackYaml, Map<String, String> cli) throws HdException {
        MapSpecSource src = stack(stackYaml).put("pkgs/p.yaml", P_SPEC);
        ResolvedPackage p = resolve(src, ResolveOptions.defaults().withOverrides(cli)).get("p");
        assertEquals(bash(p, "show"), "echo " + p.parameters().get("v"));
        return p.parameters().get("v");
    }

    @Test
    void specDefaultsAreTheWeakestLayer() throws Exception {
        assertEquals("spec", resolvedV("packages:\n  p:\n", Map.of()));
    }

    @Test
    void stackGlobalBeatsSpecDefault() throws Exception {
        assertEquals("global", resolvedV("parameters: {v: global}\npackages:\n  p:\n", Map.of()));
    }

    @Test
    void stackPerPackageBeatsStackGlobal() throws Exception {
        assertEquals("pkg", resolvedV("parameters: {v: global}\npackages:\n  p: {v: pkg}\n", Map.of()));
    }

    @Test
    void commandLineGlobalBeatsStackPerPackage() throws Exception {
        assertEquals("cli", resolvedV("parameters: {v: global}\npackages:\n  p: {v: pkg}\n", Map.of("v", "cli")));
    }

    @Test
    void commandLinePerPackageBeatsCommandLineGlobal() throws Exception {
        assertEquals("clipkg", resolvedV("parameters: {v: global}\npackages:\n  p: {v: pkg}\n",
                Map.of("v", "cli", "p.v", "clipkg")));
    }

    @Test
    void commandLineGlobalAppearsInTheStackParameters() throws Exception {
        MapSpecSource src = stack("parameters: {v: global, w: w}\npackages:\n  p:\n").put("pkgs/p.yaml", P_SPEC);
        ResolvedStack s = resolve(src, ResolveOptions.defaults().withOverrides(Map.of("v", "cli")));
        assertEquals(Map.of("v", "cli", "w", "w"), s.parameters());
    }

    @Test
    void commandLinePerPackageReachesAnUnlistedDependency() throws Exception {
        MapSpecSource src = stack("packages:\n  app:\n")
                .put("pkgs/app.yaml", "dependencies: {build: [p]}\n")
                .put("pkgs/p.yaml", P_SPEC);
        ResolvedStack s = resolve(src, ResolveOptions.defaults().withOverrides(Map.of("p.v", "x")));
        assertEquals("echo x", bash(s.get("p"), "show"));
    }

    @Test
    void commandLineParameterOfAnUnknownPackageIsAnError() {
        MapSpecSource src = stack("packages:\n  zlib:\n").put("pkgs/zlib.yaml", "");
        HdException e = hinted(HdException.class,
                () -> resolve(src, ResolveOptions.defaults().withOverrides(Map.of("zlb.v", "1"))));
        assertContains(e.getMessage(), "'zlb'");
        assertContains(e.getMessage(), "not in the stack");
        assertEquals("did you mean 'zlib'?", e.hint());
    }

    @Test
    void onlyParametersASpecUsesEnterItsId() throws Exception {
        MapSpecSource src = stack("packages:\n  p:\n").put("pkgs/p.yaml", P_SPEC);
        ArtifactId base = resolve(src).get("p").id();
        ArtifactId unrelated = resolve(src, ResolveOptions.defaults().withOverrides(Map.of("other", "1")))
                .get("p").id();
        ArtifactId used = resolve(src, ResolveOptions.defaults().withOverrides(Map.of("v", "other"))).get("p").id();
        assertEquals(base, unrelated);
        assertNotEquals(base, used);
    }

    @Test
    void aSettingNamedLikeAParameterIsNotTakenForUseOrSkip() throws Exception {
        MapSpecSource src = stack("packages:\n  p: {v: 'true'}\n").put("pkgs/p.yaml", P_SPEC);
        ResolvedPackage p = resolve(src).get("p");
        assertEquals("p", p.specName());
        assertEquals("echo true", bash(p, "show"));
    }

    @Test
    void missingStackYamlIsAnErrorWithoutAPosition() {
        SpecException e = specError(new MapSpecSource("empty").put("pkgs/a.yaml", ""));
        assertEquals(null, e.location());
        assertContains(e.getMessage(), "no stack.yaml in empty");
        assertFalse(e.hint().isEmpty());
    }

    @Test
    void profilesCannotHoldConditionalBlocks() {
        SpecException e = specError(stack("packages: {}\nwhen platform == 'linux':\n  packages: {a: }\n"));
        assertAt(e, "stack.yaml", 2, 1);
        assertContains(e.getMessage(), "conditional blocks are not supported in a profile");
    }
}
