package dev.hd.cli;

/** A command used the wrong way in a way picocli cannot see (exit 2). */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
