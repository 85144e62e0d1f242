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

/** build_stages: topological order with ties by name, and the override/update/replace/remove merge modes. */
class BuildStagesTest {

    /** A template with configure -> build -> install, each naming its predecessor. */
    private static final String MAKE = """
            build_stages:
              - name: install
                after: build
                bash: make install
              - name: build
                after: configure
                bash: make
              - name: configure
                bash: ./configure
            """;

    private static ResolvedPackage app(String appYaml) throws HdException {
        return resolve(src(appYaml)).get("app");
    }

    private static MapSpecSource src(String appYaml) {
        return stack("packages:\n  app:\n").put("pkgs/app.yaml", appYaml).put("base/make.yaml", MAKE);
    }

    @Test
    void unconstrainedStagesRunInNameOrder() throws Exception {
        ResolvedPackage p = app("build_stages:\n  - {name: c, bash: c}\n  - {name: a, bash: a}\n  - {name: b, bash: b}\n");
        assertEquals(List.of("a", "b", "c"), stageNames(p));
    }

    @Test
    void beforeAndAfterBeatNameOrder() throws Exception {
        ResolvedPackage p = app("""
                extends: [make]
                build_stages:
                  - {name: aaa, after: install, bash: tests}
                  - {name: zzz, before: configure, bash: prepare}
                  - {name: mmm, after: configure, before: build, bash: patch}
                """);
        assertEquals(List.of("zzz", "configure", "mmm", "build", "install", "aaa"), stageNames(p));
    }

    @Test
    void tiesAmongReadyStagesGoByName() throws Exception {
        ResolvedPackage p = app("""
                build_stages:
                  - {name: z, bash: z}
                  - {name: b, after: z, bash: b}
                  - {name: a, after: z, bash: a}
                  - {name: c, bash: c}
                """);
        assertEquals(List.of("c", "z", "a", "b"), stageNames(p));
    }

    @Test
    void theScriptJoinsStagesInOrderUnderSetE() throws Exception {
        ResolvedPackage p = app("extends: [make]\n");
        assertEquals("set -e\n# --- stage: configure\n./configure\n# --- stage: build\nmake\n"
                + "# --- stage: install\nmake install\n", p.script());
    }

    @Test
    void overrideIsTheDefaultAndKeepsUnspecifiedKeys() throws Exception {
        ResolvedPackage p = app("""
                extends: [make]
                build_stages:
                  - {name: build, bash: make -j4}
                  - {name: a-first, bash: x}
                """);
        assertEquals("make -j4", bash(p, "build"));
        // 'after: configure' was kept, so build still follows configure although 'a-first' < 'build' < 'configure'
        assertEquals(List.of("a-first", "configure", "build", "install"), stageNames(p));
    }

    @Test
    void overrideReplacesTheOrderingKeysItGives() throws Exception {
        ResolvedPackage p = app("""
                extends: [make]
                build_stages:
                  - {name: install, mode: override, after: configure}
                """);
        assertEquals("make install", bash(p, "install"));
        assertEquals(List.of("configure", "build", "install"), stageNames(p));
        ResolvedPackage q = app("""
                extends: [make]
                build_stages:
                  - {name: check, after: configure, bash: check}
                  - {name: install, mode: override, after: check}
                """);
        assertEquals(List.of("configure", "build", "check", "install"), stageNames(q));
    }

    @Test
    void updateAppendsBashAndUnionsOrdering() throws Exception {
        ResolvedPackage p = app("""
                extends: [make]
                build_stages:
                  - {name: check, bash: check}
                  - name: build
                    mode: update
                    after: [configure, check]
                    bash: echo built
                """);
        assertEquals("make\necho built", bash(p, "build"));
        assertEquals(List.of("check", "configure", "build", "install"), stageNames(p));
        ResolvedPackage q = app("""
                extends: [make]
                build_stages:
                  - {name: zcheck, bash: check}
                  - {name: build, mode: update, before: zcheck}
                """);
        // build kept 'after: configure' and gained 'before: zcheck'; its bash is unchanged
        assertEquals("make", bash(q, "build"));
        assertEquals(List.of("configure", "build", "install", "zcheck"), stageNames(q));
    }

    @Test
    void updateDoesNotDoubleANewlineAfterABlockScalar() throws Exception {
        ResolvedPackage p = app("""
                build_stages:
                  - name: s
                    bash: |
                      one
                  - name: s
                    mode: update
                    bash: two
                """);
        assertEquals("one\ntwo", bash(p, "s"));
    }

    @Test
    void replaceDiscardsTheInheritedStage() throws Exception {
        ResolvedPackage p = app("""
                extends: [make]
                build_stages:
                  - {name: build, mode: replace, bash: ninja}
                """);
        assertEquals("ninja", bash(p, "build"));
        // without the inherited 'after: configure', build sorts first by name
        assertEquals(List.of("build", "configure", "install"), stageNames(p));
    }

    @Test
    void replaceWithoutBashLeavesAnEmptyStage() throws Exception {
        ResolvedPackage p = app("extends: [make]\nbuild_stages:\n  - {name: build, mode: replace, after: configure}\n");
        assertEquals("", bash(p, "build"));
    }

    @Test
    void removeDeletesTheInheritedStage() throws Exception {
        ResolvedPackage p = app("extends: [make]\nbuild_stages:\n  - {name: install, mode: remove}\n");
        assertEquals(List.of("configure", "build"), stageNames(p));
    }

    @Test
    void removingAStageOthersReferToIsAnErrorAtTheReference() {
        SpecException e = specError(src("extends: [make]\nbuild_stages:\n  - {name: configure, mode: remove}\n"));
        // 'build' says 'after: configure' on line 6 of the template
        assertAt(e, "base/make.yaml", 6, 12);
        assertContains(e.getMessage(), "stage 'build' refers to stage 'configure', which does not exist");
    }

    @Test
    void removingAnUnknownStageIsAnError() {
        SpecException e = specError(src("extends: [make]\nbuild_stages:\n  - {name: instal, mode: remove}\n"));
        assertAt(e, "pkgs/app.yaml", 3, 12);
        assertContains(e.getMessage(), "cannot remove stage 'instal'");
        assertEquals("did you mean 'install'?", e.hint());
    }

    @Test
    void anUnknownModeIsAnErrorWithASuggestion() {
        SpecException e = specError(src("extends: [make]\nbuild_stages:\n  - {name: build, mode: updaet}\n"));
        assertAt(e, "pkgs/app.yaml", 3, 25);
        assertEquals("did you mean 'update'?", e.hint());
    }

    @Test
    void aReferenceToAnUnknownStageSuggestsTheClosest() {
        SpecException e = specError(src("extends: [make]\nbuild_stages:\n  - {name: test, after: instal, bash: t}\n"));
        assertAt(e, "pkgs/app.yaml", 3, 25);
        assertEquals("did you mean 'install'?", e.hint());
    }

    @Test
    void stagesInACycleAreAnError() {
        SpecException e = specError(src("""
                build_stages:
                  - {name: a, after: c}
                  - {name: b, after: a}
                  - {name: c, after: b}
                """));
        assertAt(e, "pkgs/app.yaml", 2, 12);
        assertContains(e.getMessage(), "build stages must run in a cycle: a -> b -> c -> a");
    }

    @Test
    void aStageMustHaveAName() {
        SpecException e = specError(src("build_stages:\n  - bash: make\n"));
        assertAt(e, "pkgs/app.yaml", 2, 5);
        assertContains(e.getMessage(), "a build stage needs 'name:'");
    }

    @Test
    void aStageWithAnUnknownKeySuggestsTheRightOne() {
        SpecException e = specError(src("build_stages:\n  - name: s\n    afer: t\n"));
        assertAt(e, "pkgs/app.yaml", 3, 5);
        assertEquals("did you mean 'after'?", e.hint());
    }
}
