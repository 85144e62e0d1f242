package dev.hd.hooks;

/**
 * Hooks could not be installed or removed: says what and where, and (in {@link #hint()})
 * what to do. The CLI shows it like any other user-facing failure.
 */
public final class HookException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String hint;

    public HookException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What to do next, or {@code null}. */
    public String hint() {
        return hint;
    }
}
