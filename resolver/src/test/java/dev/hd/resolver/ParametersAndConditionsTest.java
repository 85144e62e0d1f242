package dev.hd.resolver;

import static dev.hd.resolver.Specs.SHA_A;
import static dev.hd.resolver.Specs.SHA_B;
import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.bash;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static dev.hd.resolver.Specs.stageNames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {{param}} expansion, defaults, when on list items, {when:, sequence:} splicing, and 'when EXPR:' blocks. */
class ParametersAndConditionsTest {

    private static MapSpecSource src(String appYaml) {
        return stack("parameters: {v: '2.0', sub: pkgconfig, debug: 'no'}\npackages:\n  app:\n")
                .put("pkgs/app.yaml", appYaml).put("pkgs/a.yaml", "").put("pkgs/b.yaml", "").put("pkgs/c.yaml", "");
    }

    private static ResolvedPackage app(String appYaml, Map<String, String> cli) throws HdException {
        return resolve(src(appYaml), ResolveOptions.defaults().withOverrides(cli)).get("app");
    }

    private static ResolvedPackage app(String appYaml) throws HdException {
        return app(appYaml, Map.of());
    }

    // ------------------------------------------------------------------ expansion

    @Test
    void parametersExpandInEveryStringThatReachesTheBuild() throws Exception {
        ResolvedPackage p = app("""
                version: '{{v}}'
                sources:
                  - url: https://example.org/app-{{v}}.tar.gz
                    key: %s
                env:
                  APP_VERSION: v{{v}}
                when_build_dependency:
                  - {prepend_path: PKG_CONFIG_PATH, value: '${ARTIFACT}/lib/{{sub}}'}
                build_stages:
                  - name: build
                    bash: |
                      make VERSION={{v}}
                      echo {{ sub }}
                """.formatted(SHA_A));
        assertEquals("2.0", p.version());
        assertEquals("https://example.org/app-2.0.tar.gz", ((Source.Archive) p.sources().get(0)).url());
        assertEquals(Map.of("APP_VERSION", "v2.0"), p.env());
        assertEquals(List.of(new EnvAction(EnvAction.Op.PREPEND_PATH, "PKG_CONFIG_PATH", "${ARTIFACT}/lib/pkgconfig")),
                p.whenBuildDependency());
        assertEquals("make VERSION=2.0\necho pkgconfig\n", bash(p, "build"));
        assertEquals(Map.of("v", "2.0", "sub", "pkgconfig"), p.parameters());
    }

    @Test
    void builtInsAreVisibleButAreNotParametersInEffect() throws Exception {
        ResolvedPackage p = app("""
                version: '1.4'
                build_stages:
                  - {name: s, bash: 'echo {{name}} {{version}} {{platform}} {{arch}}'}
                """);
        assertEquals("echo app 1.4 linux x86_64", bash(p, "s"));
        assertEquals(Map.of(), p.parameters());
    }

    @Test
    void aParameterIsNotExpandedTwice() throws Exception {
        ResolvedPackage p = app("build_stages:\n  - {name: s, bash: 'echo {{x}}'}\n", Map.of("x", "{{v}}"));
        assertEquals("echo {{v}}", bash(p, "s"));
    }

    @Test
    void defaultsFillInWhatNothingElseSets() throws Exception {
        ResolvedPackage p = app("""
                defaults: {v: '1.0', opt: none, empty: }
                build_stages:
                  - {name: s, bash: 'echo {{v}} {{opt}} [{{empty}}]'}
                """);
        assertEquals("echo 2.0 none []", bash(p, "s"));
        assertEquals(Map.of("v", "2.0", "opt", "none", "empty", ""), p.parameters());
    }

    @Test
    void defaultsAreVisibleToConditions() throws Exception {
        ResolvedPackage p = app("""
                defaults: {shared: 'yes'}
                build_stages:
                  - {name: s, bash: static}
                  - {name: t, bash: shared, when: shared}
                """);
        assertEquals(List.of("s", "t"), stageNames(p));
    }

    @Test
    void anUndefinedParameterIsAnErrorAtItsPositionWithASuggestion() {
        SpecException e = specError(src("version: '1'\nbuild_stages:\n  - name: s\n    bash: make CFLAGS={{cflag}}\n")
                .put("stack.yaml", "parameters: {cflags: -O2}\npackages:\n  app:\n"));
        assertAt(e, "pkgs/app.yaml", 4, 23);
        assertContains(e.getMessage(), "undefined parameter 'cflag'");
        assertContains(e.hint(), "did you mean 'cflags'?");
    }

    @Test
    void anUnclosedReferenceIsAnError() {
        SpecException e = specError(src("build_stages:\n  - name: s\n    bash: echo {{v\n"));
        assertAt(e, "pkgs/app.yaml", 3, 16);
        assertContains(e.getMessage(), "'{{' without a closing '}}'");
    }

    @Test
    void aReferenceMustBeAName() {
        SpecException e = specError(src("build_stages:\n  - name: s\n    bash: echo {{a-b}}\n"));
        assertAt(e, "pkgs/app.yaml", 3, 16);
        assertContains(e.getMessage(), "'{{a-b}}' is not a parameter reference");
    }

    @Test
    void aReferenceInAQuotedScalarPointsPastTheQuote() {
        SpecException e = specError(src("build_stages:\n  - name: s\n    bash: \"echo {{nope}}\"\n"));
        assertAt(e, "pkgs/app.yaml", 3, 17);
    }

    @Test
    void aReferenceOnTheFirstLineOfABlockScalarNamesTheLineBelowTheIndicator() {
        // columns inside block scalars are approximate (the resolver does not know the indentation); lines are exact
        SpecException literal = specError(src("build_stages:\n  - name: s\n    bash: |\n      echo {{nope}}\n"));
        assertEquals(4, literal.location().line());
        SpecException folded = specError(src("build_stages:\n  - name: s\n    bash: >-\n      echo {{nope}}\n"));
        assertEquals(4, folded.location().line());
    }

    @Test
    void aReferenceOnALaterLineOfABlockScalarNamesThatLine() {
        SpecException e = specError(src("build_stages:\n  - name: s\n    bash: |\n      make\n      echo {{nope}}\n"));
        assertEquals("pkgs/app.yaml", e.location().file());
        assertEquals(5, e.location().line());
    }

    // ------------------------------------------------------------------ when on list items

    @Test
    void listItemsWithWhenAreKeptOnlyWhenTheConditionHolds() throws Exception {
        String yaml = """
                sources:
                  - url: https://a.example/a.tgz
                    key: %s
                    when: platform == 'linux'
                  - url: https://b.example/b.tgz
                    key: %s
                    when: platform == 'darwin'
                build_stages:
                  - {name: always, bash: a}
                  - {name: debug, bash: d, when: debug}
                """.formatted(SHA_A, SHA_B);
        ResolvedPackage off = app(yaml);
        assertEquals(List.of(SourceKey.parse(SHA_A)), off.sources().stream().map(Source::key).toList());
        assertEquals(List.of("always"), stageNames(off));
        assertEquals(List.of("always", "debug"), stageNames(app(yaml, Map.of("debug", "yes"))));
    }

    @Test
    void whenSequenceSplicesItsItems() throws Exception {
        String yaml = """
                dependencies:
                  build:
                    - a
                    - when: debug == 'yes'
                      sequence: [b, c]
                """;
        assertEquals(List.of("a"), app(yaml).buildDeps());
        assertEquals(List.of("a", "b", "c"), app(yaml, Map.of("debug", "yes")).buildDeps());
    }

    @Test
    void whenSequenceNests() throws Exception {
        String yaml = """
                dependencies:
                  build:
                    - when: debug
                      sequence:
                        - b
                        - when: platform == 'linux'
                          sequence: [c]
                """;
        assertEquals(List.of("b", "c"), app(yaml, Map.of("debug", "1")).buildDeps());
    }

    @Test
    void whenSequenceWithOtherKeysIsAnError() {
        SpecException e = specError(src("""
                dependencies:
                  build:
                    - when: debug != 'yes'
                      sequence: [b]
                      name: x
                """));
        assertAt(e, "pkgs/app.yaml", 3, 7);
        assertContains(e.getMessage(), "'when:' and 'sequence:' may hold nothing else");
    }

    @Test
    void aFalseConditionHidesErrorsInsideItsItem() throws Exception {
        ResolvedPackage p = app("build_stages:\n  - {name: s, bash: '{{undefined}}', when: platform == 'darwin'}\n");
        assertEquals(List.of(), p.stages());
    }

    // ------------------------------------------------------------------ when blocks

    private static final String BLOCKS = """
            version: '1'
            dependencies:
              build: [a]
            env:
              X: one
              Y: y
            build_stages:
              - {name: s, bash: base}
            when debug == 'yes':
              dependencies:
                build: [b]
                run: [b]
              env:
                X: two
              build_stages:
                - {name: t, bash: dbg}
            when debug == 'yes' and platform == 'linux':
              version: '2'
            when platform == 'darwin':
              version: '3'
            """;

    @Test
    void whenBlocksMergeDeeplyAppendListsAndReplaceScalars() throws Exception {
        ResolvedPackage on = app(BLOCKS, Map.of("debug", "yes"));
        assertEquals("2", on.version());
        assertEquals(List.of("a", "b"), on.buildDeps());
        assertEquals(List.of("b"), on.runDeps());
        assertEquals(Map.of("X", "two", "Y", "y"), on.env());
        assertEquals(List.of("s", "t"), stageNames(on));
    }

    @Test
    void falseWhenBlocksChangeNothing() throws Exception {
        ResolvedPackage off = app(BLOCKS);
        assertEquals("1", off.version());
        assertEquals(List.of("a"), off.buildDeps());
        assertEquals(List.of(), off.runDeps());
        assertEquals(Map.of("X", "one", "Y", "y"), off.env());
        assertEquals(List.of("s"), stageNames(off));
    }

    @Test
    void whenBlocksNestAndWorkInsideNestedMappings() throws Exception {
        String yaml = """
                env:
                  X: one
                  when debug:
                    X: two
                when platform == 'linux':
                  when debug:
                    version: nested
                """;
        ResolvedPackage on = app(yaml, Map.of("debug", "on"));
        assertEquals(Map.of("X", "two"), on.env());
        assertEquals("nested", on.version());
        assertEquals("", app(yaml).version());
    }

    @Test
    void laterWhenBlocksWinOverEarlierOnes() throws Exception {
        ResolvedPackage p = app("when platform == 'linux':\n  version: first\nwhen arch == 'x86_64':\n  version: second\n");
        assertEquals("second", p.version());
    }

    @Test
    void aWhenBlockMustHoldAMapping() {
        SpecException e = specError(src("when debug:\n  - a\n"));
        assertAt(e, "pkgs/app.yaml", 2, 3);
        assertContains(e.getMessage(), "must hold a mapping");
    }

    @Test
    void defaultsCannotBeConditional() {
        SpecException e = specError(src("when debug:\n  defaults: {x: 1}\n"),
                ResolveOptions.defaults().withOverrides(Map.of("debug", "yes")));
        assertAt(e, "pkgs/app.yaml", 2, 3);
        assertContains(e.getMessage(), "'defaults:' cannot be inside a conditional block");
        SpecException f = specError(src("defaults:\n  when debug:\n    x: 1\n"));
        assertAt(f, "pkgs/app.yaml", 2, 3);
        assertContains(f.getMessage(), "defaults cannot be conditional");
    }

    @Test
    void topLevelOnlyKeysInAWhenBlockAreAnErrorEvenWhenItsConditionIsFalse() {
        SpecException e = specError(src("version: '1'\nwhen platform == 'darwin':\n  when debug:\n    extends: [t]\n"));
        assertAt(e, "pkgs/app.yaml", 4, 5);
        assertContains(e.getMessage(), "'extends:' cannot be inside a conditional block");
        SpecException f = specError(src("when debug:\n  when: platform == 'linux'\n"));
        assertAt(f, "pkgs/app.yaml", 2, 3);
    }

    @Test
    void unknownKeysInsideWhenBlocksAreReported() {
        SpecException e = specError(src("when debug:\n  verison: '2'\n"));
        assertAt(e, "pkgs/app.yaml", 2, 3);
        assertEquals("did you mean 'version'?", e.hint());
    }
}
