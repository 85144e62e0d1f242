package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Shared helpers for the resolver's unit tests: in-memory stacks and error assertions. */
final class Specs {
    /** A well-formed archive key, for specs that need a source but do not care which. */
    static final String SHA_A = "sha256:" + "a".repeat(64);
    static final String SHA_B = "sha256:" + "b".repeat(64);
    static final String COMMIT_1 = "1".repeat(40);
    static final String COMMIT_2 = "2".repeat(40);

    private Specs() {
    }

    /** A stack holding just {@code stack.yaml}; add specs with {@code put}. */
    static MapSpecSource stack(String stackYaml) {
        return new MapSpecSource("test stack").put("stack.yaml", stackYaml);
    }

    static ResolvedStack resolve(SpecSource src) throws HdException {
        return Resolver.resolve(src, ResolveOptions.defaults());
    }

    static ResolvedStack resolve(SpecSource src, ResolveOptions options) throws HdException {
        return Resolver.resolve(src, options);
    }

    static SpecException specError(SpecSource src) {
        return specError(src, ResolveOptions.defaults());
    }

    /**
     * The SpecException resolving {@code src} throws. Every one must say what to do next: a
     * hint is required (the "bad input says what to do" rule, checked on every bad-input test).
     */
    static SpecException specError(SpecSource src, ResolveOptions options) {
        SpecException e = assertThrows(SpecException.class, () -> Resolver.resolve(src, options));
        assertHint(e);
        return e;
    }

    /** Like {@code assertThrows}, and the exception must say what to do next (a hint). */
    static <T extends HdException> T hinted(Class<T> type, org.junit.jupiter.api.function.Executable run) {
        T e = assertThrows(type, run);
        assertHint(e);
        return e;
    }

    /** Asserts that the exception says what to do next. */
    static void assertHint(HdException e) {
        if (e.hint() == null || e.hint().isBlank()) {
            fail("no hint (what to do next) for: " + e.getMessage());
        }
    }

    /** Asserts both the location record and that the message starts with file:line:column. */
    static void assertAt(SpecException e, String file, int line, int column) {
        assertEquals(new SpecLocation(file, line, column), e.location(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ":" + column + ": "), e.getMessage());
    }

    static void assertContains(String haystack, String needle) {
        if (haystack == null || !haystack.contains(needle)) {
            fail("expected to find <" + needle + "> in <" + haystack + ">");
        }
    }

    /** The bash of one stage of a package. */
    static String bash(ResolvedPackage p, String stage) {
        for (Stage s : p.stages()) {
            if (s.name().equals(stage)) {
                return s.bash();
            }
        }
        return fail("no stage " + stage + " in " + stageNames(p));
    }

    static List<String> stageNames(ResolvedPackage p) {
        return p.stages().stream().map(Stage::name).toList();
    }

    static List<String> names(ResolvedStack s) {
        return s.packages().stream().map(ResolvedPackage::name).toList();
    }
}
