package dev.hd.resolver;

/**
 * A failure the user can act on: bad input, a checksum mismatch, a failed build, a conflict.
 * The CLI prints {@link #getMessage()} (and the hint, when there is one) and exits with 1.
 * Anything that is not an {@code HdException} is an internal error (exit 70).
 */
public class HdException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String hint;

    public HdException(String message) {
        this(message, null, null);
    }

    public HdException(String message, String hint) {
        this(message, hint, null);
    }

    public HdException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What to do next, or {@code null}. */
    public String hint() {
        return hint;
    }
}
