package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hd.resolver.HdException;
import org.junit.jupiter.api.function.Executable;

/** Test helper: a failure the user can act on must say what to do next (a hint). */
public final class Hints {
    private Hints() {
    }

    /** Like {@code assertThrows}, and the exception must have a hint. */
    public static <T extends HdException> T hinted(Class<T> type, Executable run) {
        T e = assertThrows(type, run);
        if (e.hint() == null || e.hint().isBlank()) {
            fail("no hint (what to do next) for: " + e.getMessage());
        }
        return e;
    }
}
