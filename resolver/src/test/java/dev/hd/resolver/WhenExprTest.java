package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The when-condition language: precedence, comparisons, versions, truthiness, and error positions. */
class WhenExprTest {
    /** Where the condition text starts in its (imaginary) file. */
    private static final SpecLocation AT = new SpecLocation("pkgs/x.yaml", 3, 7);

    private static boolean eval(String expr, Map<String, String> params) throws SpecException {
        return WhenExpr.parse(expr, AT).eval(new Params(Map.of("platform", "linux", "arch", "x86_64"),
                new HashMap<>(params)));
    }

    private static boolean eval(String expr) throws SpecException {
        return eval(expr, Map.of("t", "yes", "f", "no", "v", "1.10", "s", "abc", "empty", ""));
    }

    private static SpecException error(String expr) {
        return hinted(SpecException.class, () -> eval(expr));
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void andBindsTighterThanOr() throws Exception {
        assertTrue(eval("t or f and f"));          // t or (f and f)
        assertFalse(eval("f and t or f"));         // (f and t) or f
        assertTrue(eval("f and f or t"));          // (f and f) or t
    }

    @Test
    void notBindsTighterThanAnd() throws Exception {
        assertFalse(eval("not f and f"));          // (not f) and f, not: not (f and f)
        assertTrue(eval("not t or t"));            // (not t) or t
        assertTrue(eval("not not t"));
    }

    @Test
    void notAppliesToAWholeComparison() throws Exception {
        assertTrue(eval("not platform == 'darwin'"));
        assertFalse(eval("not platform == 'linux'"));
    }

    @Test
    void parenthesesOverridePrecedence() throws Exception {
        assertFalse(eval("(t or f) and f"));
        assertTrue(eval("not (f and t)"));
        assertTrue(eval("((t))"));
    }

    @Test
    void andAndOrShortCircuitSoAConditionCanGuardAParameterThatIsOnlySometimesDefined() throws Exception {
        assertFalse(eval("f and cuda_arch == 'sm_80'"));
        assertTrue(eval("t or cuda_arch == 'sm_80'"));
    }

    // ------------------------------------------------------------------ comparisons

    @Test
    void equalityComparesText() throws Exception {
        assertTrue(eval("platform == 'linux'"));
        assertTrue(eval("platform == \"linux\""));
        assertFalse(eval("platform != 'linux'"));
        assertTrue(eval("s != 'ABC'"));
        assertTrue(eval("empty == ''"));
        assertTrue(eval("arch == arch"));
        // text, not versions
        assertFalse(eval("v == 1.1"));
        assertFalse(eval("'1.2' == '1.2.0'"));
    }

    @ParameterizedTest
    @CsvSource({
        "'1.10', '>', '1.9', true",
        "'1.9', '<', '1.10', true",
        "'1.10', '>=', '1.10', true",
        "'1.2', '<=', '1.2.0', true",
        "'1.2', '>=', '1.2.0', true",
        "'2', '>', '1.99.99', true",
        "'10.0', '<', '9.0', false",
        "'1.2.3', '<', '1.2.10', true",
        "'1.2-rc1', '<', '1.2-rc2', true",
        "'12345678901234567890', '>', '9', true",
    })
    void orderingComparesAsVersions(String a, String op, String b, boolean expected) throws Exception {
        assertEquals(expected, eval("a " + op + " b", Map.of("a", a, "b", b)));
    }

    @Test
    void numbersCanBeWrittenWithoutQuotes() throws Exception {
        assertTrue(eval("v > 1.9"));
        assertTrue(eval("v >= 1.10 and v < 2"));
    }

    // ------------------------------------------------------------------ truthiness

    @ParameterizedTest
    @ValueSource(strings = {"", "false", "no", "off", "0", "FALSE", "No", " off "})
    void falsyValues(String value) throws Exception {
        assertFalse(eval("x", Map.of("x", value)));
        assertTrue(eval("not x", Map.of("x", value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "yes", "on", "1", "linux", "00x", "0.0"})
    void truthyValues(String value) throws Exception {
        assertTrue(eval("x", Map.of("x", value)));
    }

    @Test
    void literals() throws Exception {
        assertTrue(eval("true"));
        assertFalse(eval("false"));
        assertFalse(eval("'no'"));
        assertTrue(eval("'0.1'"));
    }

    @Test
    void namesListsTheParametersMentioned() throws Exception {
        assertEquals(Set.of("a", "b", "platform"), WhenExpr.parse("(a == 'x' or not b) and platform != 'c'", AT).names());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void anUndefinedParameterIsAnErrorAtItsName() {
        SpecException e = error("platform == 'linux' and cudaa");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 24);
        assertContains(e.getMessage(), "undefined parameter 'cudaa'");
    }

    @Test
    void anUndefinedParameterSuggestsACloseOne() {
        SpecException e = error("platfrom == 'linux'");
        assertAt(e, "pkgs/x.yaml", 3, 7);
        assertContains(e.hint(), "did you mean 'platform'?");
    }

    @Test
    void aSingleEqualsIsMalformedAtTheEqualsSign() {
        SpecException e = error("platform = 'linux'");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 9);
        assertContains(e.getMessage(), "malformed 'when' condition 'platform = 'linux''");
        assertEquals("compare with '==', not '='", e.hint());
    }

    @Test
    void cStyleOperatorsAreMalformed() {
        SpecException e = error("t && f");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 2);
        assertEquals("write 'and', 'or', 'not'", e.hint());
        assertAt(error("!t"), "pkgs/x.yaml", 3, 7);
    }

    @Test
    void anUnclosedStringIsMalformedAtItsQuote() {
        SpecException e = error("platform == 'linux");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 12);
        assertContains(e.getMessage(), "not closed");
    }

    @Test
    void aMissingOperandIsReportedAtTheEnd() {
        SpecException e = error("platform ==");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 11);
        assertContains(e.getMessage(), "ends where a value was expected");
        assertAt(error("t and"), "pkgs/x.yaml", 3, 7 + 5);
    }

    @Test
    void aMissingClosingParenthesisIsReported() {
        SpecException e = error("(t or f");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 7);
        assertContains(e.getMessage(), "expected ')'");
        assertAt(error("(t or f f)"), "pkgs/x.yaml", 3, 7 + 8);
    }

    @Test
    void twoValuesInARowAreReportedAtTheSecond() {
        SpecException e = error("t f");
        assertAt(e, "pkgs/x.yaml", 3, 7 + 2);
        assertContains(e.getMessage(), "expected 'and', 'or', a comparison or the end of the condition, found 'f'");
    }

    @Test
    void comparisonsDoNotChain() {
        assertAt(error("s == s == s"), "pkgs/x.yaml", 3, 7 + 7);
    }

    @Test
    void anOperatorWhereAValueBelongsIsReported() {
        SpecException e = error("== t");
        assertAt(e, "pkgs/x.yaml", 3, 7);
        assertContains(e.getMessage(), "found '=='");
        assertAt(error("t or and f"), "pkgs/x.yaml", 3, 7 + 5);
        assertAt(error("t )"), "pkgs/x.yaml", 3, 7 + 2);
    }

    @Test
    void anEmptyConditionIsAnError() {
        SpecException e = error("  ");
        assertAt(e, "pkgs/x.yaml", 3, 7);
        assertContains(e.getMessage(), "empty 'when' condition");
    }

    @Test
    void syntaxIsCheckedBeforeAnythingIsEvaluated() {
        // the undefined name comes first, but the malformed tail is what is reported
        SpecException e = error("undefined_thing or platform = 'x'");
        assertContains(e.getMessage(), "unexpected character '='");
    }
}
