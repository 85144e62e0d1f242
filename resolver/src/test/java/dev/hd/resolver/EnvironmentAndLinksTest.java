package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** env:, when_build_dependency: and profile_links: (package, template, default and stack-level rules). */
class EnvironmentAndLinksTest {

    private static MapSpecSource src(String appYaml) {
        return stack("parameters: {sub: lib}\npackages:\n  app:\n").put("pkgs/app.yaml", appYaml);
    }

    private static ResolvedPackage app(String appYaml) throws HdException {
        return resolve(src(appYaml)).get("app");
    }

    private static LinkRule link(String glob) {
        return new LinkRule(LinkRule.Action.LINK, glob);
    }

    private static LinkRule exclude(String glob) {
        return new LinkRule(LinkRule.Action.EXCLUDE, glob);
    }

    @Test
    void envKeepsFileOrderAndEntersTheId() throws Exception {
        ResolvedPackage p = app("env:\n  ZED: z\n  ALPHA: a\n");
        assertEquals(List.of("ZED", "ALPHA"), List.copyOf(p.env().keySet()));
        assertNotEquals(p.id(), app("env:\n  ZED: z\n  ALPHA: b\n").id());
    }

    @Test
    void templateEnvIsOverriddenByThePackage() throws Exception {
        MapSpecSource s = src("extends: [t]\nenv:\n  A: mine\n").put("base/t.yaml", "env:\n  A: t\n  B: t\n");
        assertEquals(Map.of("A", "mine", "B", "t"), resolve(s).get("app").env());
    }

    @Test
    void envNamesMustBeVariableNames() {
        SpecException e = specError(src("env:\n  A-B: x\n"));
        assertAt(e, "pkgs/app.yaml", 2, 3);
        assertContains(e.getMessage(), "'A-B' is not a valid environment variable name");
    }

    @Test
    void envValuesMustBeStrings() {
        SpecException e = specError(src("env:\n  A: [x]\n"));
        assertAt(e, "pkgs/app.yaml", 2, 6);
    }

    @Test
    void whenBuildDependencyHasThreeOperations() throws Exception {
        ResolvedPackage p = app("""
                when_build_dependency:
                  - {set: APP_DIR, value: '${ARTIFACT}'}
                  - {prepend_path: PATH, value: '${ARTIFACT}/bin'}
                  - {append_path: PKG_CONFIG_PATH, value: '${ARTIFACT}/{{sub}}/pkgconfig'}
                """);
        assertEquals(List.of(
                new EnvAction(EnvAction.Op.SET, "APP_DIR", "${ARTIFACT}"),
                new EnvAction(EnvAction.Op.PREPEND_PATH, "PATH", "${ARTIFACT}/bin"),
                new EnvAction(EnvAction.Op.APPEND_PATH, "PKG_CONFIG_PATH", "${ARTIFACT}/lib/pkgconfig")),
                p.whenBuildDependency());
        assertEquals("/store/app/bin", p.whenBuildDependency().get(1).valueFor("/store/app"));
        assertEquals(Map.of("sub", "lib"), p.parameters());
    }

    @Test
    void whenBuildDependencyEntersTheId() throws Exception {
        assertNotEquals(app("when_build_dependency:\n  - {set: A, value: x}\n").id(),
                app("when_build_dependency:\n  - {set: A, value: y}\n").id());
    }

    @Test
    void anActionNeedsExactlyOneOperationAndAValue() {
        SpecException none = specError(src("when_build_dependency:\n  - {value: x}\n"));
        assertAt(none, "pkgs/app.yaml", 2, 5);
        assertContains(none.getMessage(), "needs 'set:', 'prepend_path:' or 'append_path:'");
        SpecException two = specError(src("when_build_dependency:\n  - {set: A, append_path: B, value: x}\n"));
        assertAt(two, "pkgs/app.yaml", 2, 5);
        SpecException noValue = specError(src("when_build_dependency:\n  - {set: A}\n"));
        assertAt(noValue, "pkgs/app.yaml", 2, 5);
        assertContains(noValue.getMessage(), "needs 'value:'");
        SpecException badVar = specError(src("when_build_dependency:\n  - {set: 1A, value: x}\n"));
        assertAt(badVar, "pkgs/app.yaml", 2, 11);
    }

    // ------------------------------------------------------------------ profile_links

    @Test
    void packagesWithoutRulesGetTheDefaults() throws Exception {
        assertEquals(LinkRule.DEFAULTS, app("version: '1'\n").profileLinks());
    }

    @Test
    void aPackagesRulesReplaceTheDefaults() throws Exception {
        ResolvedPackage p = app("""
                profile_links:
                  - exclude: bin/*-config
                  - copy: bin/*.py
                  - link: '**'
                """);
        assertEquals(List.of(exclude("bin/*-config"), new LinkRule(LinkRule.Action.COPY, "bin/*.py"), link("**")),
                p.profileLinks());
    }

    @Test
    void packageRulesComeBeforeTemplateRulesAcrossAChain() throws Exception {
        MapSpecSource s = src("extends: [mid]\nprofile_links:\n  - link: pkg/**\n")
                .put("base/mid.yaml", "extends: [root]\nprofile_links:\n  - link: mid/**\n")
                .put("base/root.yaml", "profile_links:\n  - link: root/**\n");
        assertEquals(List.of(link("pkg/**"), link("mid/**"), link("root/**")), resolve(s).get("app").profileLinks());
    }

    @Test
    void templateRulesAloneReplaceTheDefaults() throws Exception {
        MapSpecSource s = src("extends: [t]\n").put("base/t.yaml", "profile_links:\n  - link: only/**\n");
        assertEquals(List.of(link("only/**")), resolve(s).get("app").profileLinks());
    }

    @Test
    void rulesCanBeConditional() throws Exception {
        ResolvedPackage p = app("profile_links:\n  - {link: a/**, when: platform == 'darwin'}\n  - {link: b/**}\n");
        assertEquals(List.of(link("b/**")), p.profileLinks());
    }

    @Test
    void stackRulesComeFromTheStackAndItsParentsChildFirst() throws Exception {
        MapSpecSource s = src("").put("stack.yaml", """
                extends: [parent.yaml]
                packages:
                  app:
                profile_links:
                  - exclude: bin/conflict
                """).put("parent.yaml", "profile_links:\n  - link: share/**\n");
        ResolvedStack r = resolve(s);
        assertEquals(List.of(exclude("bin/conflict"), link("share/**")), r.profileLinks());
        assertEquals(LinkRule.DEFAULTS, r.get("app").profileLinks());
    }

    @Test
    void aStackWithoutRulesHasNone() throws Exception {
        assertEquals(List.of(), resolve(src("")).profileLinks());
    }

    @Test
    void aRuleHasExactlyOneAction() {
        SpecException two = specError(src("profile_links:\n  - {link: a, exclude: b}\n"));
        assertAt(two, "pkgs/app.yaml", 2, 5);
        SpecException empty = specError(src("profile_links:\n  - {}\n"));
        assertAt(empty, "pkgs/app.yaml", 2, 5);
        assertContains(empty.getMessage(), "needs 'link:', 'exclude:' or 'copy:'");
    }

    @Test
    void globsStayInsideTheArtifact() {
        SpecException up = specError(src("profile_links:\n  - link: ../etc/*\n"));
        assertAt(up, "pkgs/app.yaml", 2, 11);
        SpecException abs = specError(src("profile_links:\n  - link: /etc/*\n"));
        assertAt(abs, "pkgs/app.yaml", 2, 11);
    }
}
