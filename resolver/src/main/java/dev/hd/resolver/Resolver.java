package dev.hd.resolver;

/**
 * Entry point of the resolver: reads a stack from a {@link SpecSource} and turns it into
 * packages with artifact ids.
 */
public final class Resolver {
    private Resolver() {
    }

    /**
     * Resolves the stack whose {@code stack.yaml} is at the root of {@code source}.
     *
     * @throws SpecException for anything wrong in the specs (with file:line:column)
     * @throws HdException   for failures outside the specs (a probe, a git ref)
     */
    public static ResolvedStack resolve(SpecSource source, ResolveOptions options) throws HdException {
        return new StackResolver(source, options).resolve();
    }
}
