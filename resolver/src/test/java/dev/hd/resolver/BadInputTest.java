package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.hinted;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Bad input gives a SpecException whose message starts with file:line:column, says what was
 * expected, and hints at the fix; hostile YAML is refused without being expanded.
 */
class BadInputTest {
    /** Only a guard against hangs: the refusals below take milliseconds. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private static MapSpecSource app(String appYaml) {
        return stack("packages:\n  app:\n").put("pkgs/app.yaml", appYaml);
    }

    private static MapSpecSource appBytes(byte[] appYaml) {
        return stack("packages:\n  app:\n").putBytes("pkgs/app.yaml", appYaml);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ YAML syntax

    @Test
    void yamlSyntaxErrorNamesThePositionAndHowToQuote() {
        SpecException e = specError(app("version: '1'\ndescription: ratio: 2\n"));
        assertAt(e, "pkgs/app.yaml", 2, 19);
        assertContains(e.getMessage(), "YAML syntax error: mapping values are not allowed here");
        assertContains(e.hint(), "must be quoted");
    }

    @Test
    void unclosedFlowSequence() {
        SpecException e = specError(stack("packages: [a, b\nparameters: {}\n"));
        assertEquals("stack.yaml", e.location().file());
        assertContains(e.getMessage(), "YAML syntax error");
        assertAt(e, "stack.yaml", 2, 11);
    }

    @Test
    void tabIndentation() {
        SpecException e = specError(app("build_stages:\n\t- name: x\n"));
        assertAt(e, "pkgs/app.yaml", 2, 1);
        assertContains(e.getMessage(), "YAML syntax error");
    }

    // ------------------------------------------------------------------ schema

    @Test
    void unknownKeyInASpecSuggestsTheRightOne() {
        SpecException e = specError(app("version: '1'\nbuild_stage:\n  - {name: a}\n"));
        assertAt(e, "pkgs/app.yaml", 2, 1);
        assertContains(e.getMessage(), "unknown key 'build_stage' in pkgs/app.yaml; expected one of: when, extends,");
        assertEquals("did you mean 'build_stages'?", e.hint());
    }

    @Test
    void unknownKeyInTheStackSuggestsTheRightOne() {
        SpecException e = specError(stack("pakages:\n  a:\n"));
        assertAt(e, "stack.yaml", 1, 1);
        assertEquals("did you mean 'packages'?", e.hint());
    }

    @Test
    void unknownKeyInASourceSuggestsTheRightOne() {
        SpecException e = specError(app("sources:\n  - url: https://a\n    kye: " + Specs.SHA_A + "\n"));
        assertAt(e, "pkgs/app.yaml", 3, 5);
        assertEquals("did you mean 'key'?", e.hint());
    }

    @Test
    void anUnknownKeyFarFromAnyGivesNoGuessButSaysWhereTheKeysAre() {
        SpecException e = specError(app("frobnicate: 1\n"));
        assertAt(e, "pkgs/app.yaml", 1, 1);
        assertEquals("remove it, or see docs/spec-format.md for what each key means", e.hint());
    }

    @Test
    void aListWhereAMappingIsExpected() {
        SpecException e = specError(stack("packages: [zlib]\n"));
        assertAt(e, "stack.yaml", 1, 11);
        assertContains(e.getMessage(), "expected a mapping (key: value lines) for 'packages', found a list");
    }

    @Test
    void aMappingWhereAListIsExpected() {
        SpecException e = specError(app("build_stages:\n  name: build\n"));
        assertAt(e, "pkgs/app.yaml", 2, 3);
        assertContains(e.getMessage(), "expected a list ('- item' lines or [a, b]) for 'build_stages', found a mapping");
    }

    @Test
    void aListWhereAStringIsExpected() {
        SpecException e = specError(app("version: [1, 2]\n"));
        assertAt(e, "pkgs/app.yaml", 1, 10);
        assertContains(e.getMessage(), "expected a string for 'version', found a list");
    }

    @Test
    void aScalarWhereTheFileShouldBeAMapping() {
        SpecException e = specError(app("just text\n"));
        assertAt(e, "pkgs/app.yaml", 1, 1);
        assertContains(e.getMessage(), "expected a mapping");
    }

    @Test
    void aPerPackageSettingThatIsNotAValue() {
        SpecException e = specError(stack("packages:\n  app: {cflags: [-O2]}\n"));
        assertAt(e, "stack.yaml", 2, 17);
        assertContains(e.getMessage(), "parameter 'cflags' must be a single value, found a list");
    }

    @Test
    void anInvalidPackageName() {
        SpecException e = specError(stack("packages:\n  ../evil:\n"));
        assertAt(e, "stack.yaml", 2, 3);
        assertContains(e.getMessage(), "'../evil' is not a valid package name");
    }

    @Test
    void anInvalidParameterName() {
        SpecException e = specError(stack("parameters:\n  c-flags: x\n"));
        assertAt(e, "stack.yaml", 2, 3);
        assertContains(e.hint(), "{{c_flags}}");
    }

    @Test
    void skipMustBeABoolean() {
        SpecException e = specError(stack("packages:\n  a: {skip: maybe}\n"));
        assertAt(e, "stack.yaml", 2, 13);
        assertContains(e.getMessage(), "expected true or false for 'skip', found 'maybe'");
    }

    // ------------------------------------------------------------------ references

    @Test
    void missingPackageWithSuggestion() {
        SpecException e = specError(app("dependencies:\n  build: [zlb]\n").put("pkgs/zlib.yaml", ""));
        assertAt(e, "pkgs/app.yaml", 2, 11);
        assertContains(e.getMessage(), "no package 'zlb'");
        assertEquals("did you mean 'zlib'?", e.hint());
    }

    @Test
    void undefinedParameter() {
        SpecException e = specError(app("version: '{{ver}}'\n").put("stack.yaml",
                "parameters: {vers: '1'}\npackages:\n  app:\n"));
        assertAt(e, "pkgs/app.yaml", 1, 11);
        assertContains(e.getMessage(), "undefined parameter 'ver'");
        assertContains(e.hint(), "did you mean 'vers'?");
    }

    @Test
    void malformedWhenInAPlainScalarPointsAtTheBadToken() {
        SpecException e = specError(app("build_stages:\n  - name: s\n    when: platform = 'linux'\n"));
        assertAt(e, "pkgs/app.yaml", 3, 20);
        assertEquals("compare with '==', not '='", e.hint());
    }

    @Test
    void malformedWhenInAQuotedScalarPointsAtTheBadToken() {
        SpecException e = specError(app("build_stages:\n  - name: s\n    when: \"platform = 'linux'\"\n"));
        assertAt(e, "pkgs/app.yaml", 3, 21);
        SpecException f = specError(app("when: 'platform == ''linux'' and'\nversion: '1'\n"));
        assertContains(f.getMessage(), "ends where a value was expected");
    }

    @Test
    void malformedWhenInABlockKeyPointsAtTheBadToken() {
        SpecException e = specError(app("version: '1'\nwhen platform = 'linux':\n  version: '2'\n"));
        assertAt(e, "pkgs/app.yaml", 2, 15);
    }

    @Test
    void malformedWhenInAQuotedBlockKeyPointsAtTheBadToken() {
        SpecException e = specError(app("version: '1'\n\"when platform = 'linux'\":\n  version: '2'\n"));
        assertAt(e, "pkgs/app.yaml", 2, 16);
    }

    @Test
    void malformedQuotedVariantConditionPointsAtTheBadToken() {
        SpecException e = specError(stack("packages:\n  mpi:\n").put("pkgs/mpi/mpi-a.yaml", "when: 'impl = 1'\n"));
        assertAt(e, "pkgs/mpi/mpi-a.yaml", 1, 13);
    }

    @Test
    void malformedVariantConditionPointsAtTheBadToken() {
        SpecException e = specError(stack("packages:\n  mpi:\n").put("pkgs/mpi/mpi-a.yaml", "when: impl == 'a' &&\n"));
        assertAt(e, "pkgs/mpi/mpi-a.yaml", 1, 19);
    }

    @Test
    void twoMatchingVariants() {
        SpecException e = specError(stack("packages:\n  mpi:\n")
                .put("pkgs/mpi/mpi-a.yaml", "when: platform == 'linux'\n")
                .put("pkgs/mpi/mpi-b.yaml", "# b\nwhen: arch == 'x86_64'\n"));
        assertAt(e, "pkgs/mpi/mpi-b.yaml", 2, 7);
        assertContains(e.getMessage(), "pkgs/mpi/mpi-a.yaml (when: platform == 'linux') and pkgs/mpi/mpi-b.yaml (when: arch == 'x86_64')");
    }

    @Test
    void dependencyCycle() {
        SpecException e = specError(app("dependencies:\n  build: [b]\n").put("pkgs/b.yaml", "dependencies: {run: [app]}\n"));
        assertAt(e, "pkgs/app.yaml", 2, 11);
        assertEquals("dependency cycle: app -> b -> app", e.problem());
    }

    @Test
    void malformedSourceKeys() {
        SpecException length = specError(app("sources:\n  - url: https://a\n    key: git:abc\n"));
        assertAt(length, "pkgs/app.yaml", 3, 10);
        assertContains(length.getMessage(), "expected 'git:' followed by 40 lowercase hex digits");
        SpecException kind = specError(app("sources:\n  - url: https://a\n    key: sha1:" + "0".repeat(40) + "\n"));
        assertAt(kind, "pkgs/app.yaml", 3, 10);
        assertContains(kind.getMessage(), "unknown key kind 'sha1': expected sha256:, git: or tree:");
        SpecException none = specError(app("sources:\n  - url: https://a\n    key: " + "0".repeat(64) + "\n"));
        assertAt(none, "pkgs/app.yaml", 3, 10);
    }

    // ------------------------------------------------------------------ encoding

    @Test
    void nonUtf8NamesTheBadByte() {
        // "description: héllo w" then a Latin-1 ö (0xf6): é counts as one column
        SpecException e = specError(appBytes(bytes("version: '1'\ndescription: h\u00e9llo w", 0xf6, "rld\n")));
        assertAt(e, "pkgs/app.yaml", 2, 21);
        assertContains(e.getMessage(), "not valid UTF-8 (byte 0xf6)");
        assertContains(e.hint(), "iconv");
    }

    @Test
    void aTruncatedSequenceAtTheEndIsNotUtf8() {
        SpecException e = specError(appBytes(bytes("version: '1'\n", 0xc3)));
        assertAt(e, "pkgs/app.yaml", 2, 1);
        assertContains(e.getMessage(), "byte 0xc3");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        ResolvedPackage p = resolve(appBytes(bytes(0xef, 0xbb, 0xbf, "version: '1'\n"))).get("app");
        assertEquals("1", p.version());
    }

    // ------------------------------------------------------------------ hostile YAML

    @Test
    void anAliasBombIsRefusedWithoutExpandingIt() {
        StringBuilder y = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = "*" + (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(10, prev)))
                    .append("]\n");
        }
        MapSpecSource s = app(y.toString());
        SpecException e = assertTimeoutPreemptively(HANG_GUARD, () -> specError(s));
        // e holds 111111 nodes; the second *e in f's list passes 200000
        assertAt(e, "pkgs/app.yaml", 6, 12);
        assertContains(e.getMessage(), "YAML aliases expand to more than 200000 nodes");
    }

    @Test
    void aRecursiveAliasIsRefused() {
        SpecException e = assertTimeoutPreemptively(HANG_GUARD, () -> specError(app("a: &a [1, *a]\n")));
        assertAt(e, "pkgs/app.yaml", 1, 11);
        assertContains(e.getMessage(), "alias *a refers to a collection that contains it");
    }

    @Test
    void anAliasWithoutAnchorIsRefused() {
        SpecException e = specError(app("version: '1'\ndescription: *nope\n"));
        assertAt(e, "pkgs/app.yaml", 2, 14);
        assertContains(e.getMessage(), "alias *nope refers to no anchor defined before it");
    }

    @Test
    void smallAliasesAreFine() throws Exception {
        ResolvedPackage p = resolve(app("""
                defaults: {x: &v '7'}
                version: *v
                """)).get("app");
        assertEquals("7", p.version());
    }

    @Test
    void deepFlowNestingIsRefusedAtTheFirstLevelTooMany() {
        String deep = "x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        SpecException e = assertTimeoutPreemptively(HANG_GUARD, () -> specError(app(deep)));
        // the mapping is level 1, so the 64th '[' (column 4 + 63) is the 65th level
        assertAt(e, "pkgs/app.yaml", 1, 67);
        assertContains(e.getMessage(), "YAML nested more than 64 levels deep");
    }

    @Test
    void deepBlockNestingIsRefusedAtTheFirstLevelTooMany() {
        String deep = "x:\n  " + "- ".repeat(10_000) + "leaf\n";
        SpecException e = assertTimeoutPreemptively(HANG_GUARD, () -> specError(app(deep)));
        assertAt(e, "pkgs/app.yaml", 2, 3 + 2 * 63);
        assertContains(e.getMessage(), "YAML nested more than 64 levels deep");
    }

    @Test
    void deepBlockMappingsAreRefused() {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            y.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        SpecException e = assertTimeoutPreemptively(HANG_GUARD, () -> specError(app(y.toString())));
        assertAt(e, "pkgs/app.yaml", 65, 65);
    }

    @Test
    void duplicateKeysAreRefused() {
        SpecException e = specError(app("version: '1'\nenv: {A: a}\nversion: '2'\n"));
        assertAt(e, "pkgs/app.yaml", 3, 1);
        assertContains(e.getMessage(), "duplicate key 'version' (first at line 1)");
        SpecException nested = specError(app("env:\n  A: a\n  A: b\n"));
        assertAt(nested, "pkgs/app.yaml", 3, 3);
    }

    @Test
    void severalDocumentsAreRefused() {
        SpecException e = specError(app("version: '1'\n---\nversion: '2'\n"));
        assertAt(e, "pkgs/app.yaml", 2, 1);
        assertContains(e.getMessage(), "more than one YAML document");
    }

    @Test
    void localTagsAreRefused() {
        SpecException e = specError(app("version: !v '1'\n"));
        assertAt(e, "pkgs/app.yaml", 1, 10);
        assertContains(e.getMessage(), "YAML tag !v is not supported");
    }

    @Test
    void nonScalarKeysAreRefused() {
        SpecException e = specError(app("? [a, b]\n: c\n"));
        assertAt(e, "pkgs/app.yaml", 1, 3);
        assertContains(e.getMessage(), "a mapping key must be a plain string, found a list");
    }

    @Test
    void anEmptySpecIsAnEmptyMapping() throws Exception {
        assertEquals("", resolve(app("# nothing here\n")).get("app").version());
    }

    @Test
    void errorsInTheStackFileAreReportedBeforeAnyPackageIsRead() {
        HdException e = hinted(SpecException.class, () -> resolve(stack("packages:\n  a:\n  a:\n")));
        assertAt((SpecException) e, "stack.yaml", 3, 3);
    }
}
