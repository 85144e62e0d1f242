package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.bash;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static dev.hd.resolver.Specs.stageNames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code extends:} templates from base/: chains, several templates, defaults, cycles, missing ones. */
class TemplatesTest {

    private static MapSpecSource oneApp(String appYaml) {
        return stack("packages:\n  app:\n").put("pkgs/app.yaml", appYaml);
    }

    @Test
    void aTemplateContributesStagesAndDefaults() throws Exception {
        MapSpecSource src = oneApp("extends: [make]\n")
                .put("base/make.yaml", "defaults: {cflags: -O2}\nbuild_stages:\n  - name: build\n    bash: make CFLAGS={{cflags}}\n");
        ResolvedPackage app = resolve(src).get("app");
        assertEquals("make CFLAGS=-O2", bash(app, "build"));
    }

    @Test
    void extendsMayBeASingleString() throws Exception {
        MapSpecSource src = oneApp("extends: make\n").put("base/make.yaml", "version: '7'\n");
        assertEquals("7", resolve(src).get("app").version());
    }

    @Test
    void chainsApplyTheDeepestTemplateFirst() throws Exception {
        MapSpecSource src = oneApp("extends: [autotools]\n")
                .put("base/autotools.yaml", "extends: [common]\ndefaults: {y: autotools, z: autotools}\n")
                .put("base/common.yaml", "defaults: {x: common, y: common, z: common}\n"
                        + "build_stages:\n  - name: show\n    bash: echo {{x}} {{y}} {{z}}\n")
                .put("pkgs/app.yaml", "extends: [autotools]\ndefaults: {z: app}\n");
        assertEquals("echo common autotools app", bash(resolve(src).get("app"), "show"));
    }

    @Test
    void laterTemplatesOverrideEarlierOnesAndThePackageOverridesAll() throws Exception {
        MapSpecSource src = oneApp("extends: [a, b]\n")
                .put("base/a.yaml", "version: a\nbuild_stages:\n  - {name: s, bash: from-a}\n  - {name: t, bash: t-a}\n")
                .put("base/b.yaml", "version: b\nbuild_stages:\n  - {name: s, bash: from-b}\n");
        ResolvedPackage app = resolve(src).get("app");
        assertEquals("b", app.version());
        assertEquals("from-b", bash(app, "s"));
        assertEquals("t-a", bash(app, "t"));

        ResolvedPackage own = resolve(src.copy().put("pkgs/app.yaml", "extends: [a, b]\nversion: own\n")).get("app");
        assertEquals("own", own.version());
    }

    @Test
    void packageDefaultsOverrideTemplateDefaults() throws Exception {
        MapSpecSource src = oneApp("extends: [make]\ndefaults: {cflags: -O0}\n")
                .put("base/make.yaml", "defaults: {cflags: -O2}\nbuild_stages:\n  - {name: build, bash: 'make {{cflags}}'}\n");
        assertEquals("make -O0", bash(resolve(src).get("app"), "build"));
    }

    @Test
    void aTemplateCycleIsAnErrorAtTheEntryThatClosesIt() {
        MapSpecSource src = oneApp("extends: [a]\n")
                .put("base/a.yaml", "extends: [b]\n")
                .put("base/b.yaml", "version: x\nextends: [a]\n");
        SpecException e = specError(src);
        assertAt(e, "base/b.yaml", 2, 11);
        assertContains(e.getMessage(), "base/a.yaml -> base/b.yaml -> base/a.yaml");
    }

    @Test
    void aTemplateCycleMessageHoldsOnlyTheCycle() {
        MapSpecSource src = oneApp("extends: [x]\n")
                .put("base/x.yaml", "extends: [a]\n")
                .put("base/a.yaml", "extends: [b]\n")
                .put("base/b.yaml", "extends: [a]\n");
        SpecException e = specError(src);
        assertAt(e, "base/b.yaml", 1, 11);
        assertEquals("templates extend each other in a cycle: base/a.yaml -> base/b.yaml -> base/a.yaml", e.problem());
    }

    @Test
    void aTemplateExtendingItselfIsACycle() {
        MapSpecSource src = oneApp("extends: [a]\n").put("base/a.yaml", "extends: a\n");
        SpecException e = specError(src);
        assertAt(e, "base/a.yaml", 1, 10);
        assertContains(e.getMessage(), "base/a.yaml -> base/a.yaml");
    }

    @Test
    void theSameTemplateTwiceOnDifferentBranchesIsNotACycle() throws Exception {
        MapSpecSource src = oneApp("extends: [a, b]\n")
                .put("base/a.yaml", "extends: [common]\n")
                .put("base/b.yaml", "extends: [common]\n")
                .put("base/common.yaml", "version: '1'\n");
        assertEquals("1", resolve(src).get("app").version());
    }

    @Test
    void aMissingTemplateSuggestsTheClosestOne() {
        MapSpecSource src = oneApp("version: '1'\nextends: [make, autotols]\n")
                .put("base/make.yaml", "")
                .put("base/autotools.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "pkgs/app.yaml", 2, 17);
        assertContains(e.getMessage(), "no template 'autotols': expected base/autotols.yaml");
        assertEquals("did you mean 'autotools'?", e.hint());
    }

    @Test
    void aMissingTemplateFarFromAnyNameGivesNoSuggestion() {
        MapSpecSource src = oneApp("extends: [cmake]\n").put("base/autotools.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "pkgs/app.yaml", 1, 11);
        assertContains(e.hint(), "base/NAME.yaml");
    }

    @Test
    void templatesCannotBeVariants() {
        MapSpecSource src = oneApp("extends: [make]\n").put("base/make.yaml", "when: platform == 'linux'\n");
        SpecException e = specError(src);
        assertAt(e, "base/make.yaml", 1, 1);
        assertContains(e.getMessage(), "unknown key 'when'");
    }

    @Test
    void unknownKeyInATemplateIsReported() {
        MapSpecSource src = oneApp("extends: [make]\n").put("base/make.yaml", "build_stage: []\n");
        SpecException e = specError(src);
        assertAt(e, "base/make.yaml", 1, 1);
        assertEquals("did you mean 'build_stages'?", e.hint());
    }

    @Test
    void templateProfileLinksComeAfterThePackagesOwn() throws Exception {
        MapSpecSource src = oneApp("extends: [t]\nprofile_links:\n  - link: mine/**\n")
                .put("base/t.yaml", "profile_links:\n  - exclude: '**'\n");
        assertEquals(List.of(new LinkRule(LinkRule.Action.LINK, "mine/**"), new LinkRule(LinkRule.Action.EXCLUDE, "**")),
                resolve(src).get("app").profileLinks());
    }

    @Test
    void templateStagesAndDependenciesAccumulate() throws Exception {
        MapSpecSource src = oneApp("extends: [t]\ndependencies: {build: [b]}\nbuild_stages:\n  - {name: own, bash: x}\n")
                .put("base/t.yaml", "dependencies: {build: [a]}\nbuild_stages:\n  - {name: inherited, bash: y}\n")
                .put("pkgs/a.yaml", "").put("pkgs/b.yaml", "");
        ResolvedPackage app = resolve(src).get("app");
        assertEquals(List.of("a", "b"), app.buildDeps());
        assertEquals(List.of("inherited", "own"), stageNames(app));
    }
}
