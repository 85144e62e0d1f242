package dev.hd.resolver;

/**
 * A problem in a stack definition. The message always starts with the location
 * ({@code file:line:column}), says what was found and what was expected; the hint says
 * what to do (for instance "did you mean 'build_stages'?").
 */
public class SpecException extends HdException {
    private static final long serialVersionUID = 1L;
    private final transient SpecLocation location;
    private final String problem;

    public SpecException(SpecLocation location, String problem) {
        this(location, problem, null);
    }

    public SpecException(SpecLocation location, String problem, String hint) {
        super(location == null ? problem : location + ": " + problem, hint);
        this.location = location;
        this.problem = problem;
    }

    /** Where the problem is, or {@code null} when it has no position (e.g. a cycle). */
    public SpecLocation location() {
        return location;
    }

    /** The message without the location prefix. */
    public String problem() {
        return problem;
    }
}
