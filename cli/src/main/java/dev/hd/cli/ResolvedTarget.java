package dev.hd.cli;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.util.Map;

/**
 * A stack directory or revision, resolved (nothing built), with how to name it in messages:
 * what {@code hd diff}, {@code hd why} and {@code hd graph} work on.
 *
 * @param label  "HEAD~1 (1a2b3c4d5e6f)", "the working tree", or the directory
 * @param commit the 40-hex commit of a revision, else {@code null}
 * @param stack  the resolution
 */
record ResolvedTarget(String label, String commit, ResolvedStack stack) {

    /** Resolves the stack {@code arg} names by {@link StackTarget}'s rule ({@code null}: the current directory). */
    static ResolvedTarget of(Main main, String arg, Map<String, String> overrides) throws HdException {
        try (StackTarget t = StackTarget.of(main, arg, null)) {
            return of(main, t, arg, overrides);
        }
    }

    static ResolvedTarget of(Main main, StackTarget t, String arg, Map<String, String> overrides) throws HdException {
        String commit = t.isRevision() ? t.commit() : null;
        String label = label(t, arg);
        try {
            return new ResolvedTarget(label, commit, Resolver.resolve(t.source(),
                    Platform.options(main).withOverrides(overrides)));
        } catch (HdException e) {
            throw new HdException("cannot resolve " + label + ": " + e.getMessage(), e.hint(), e);
        }
    }

    static String label(StackTarget t, String arg) throws HdException {
        if (t.isRevision()) {
            String c = t.commit().substring(0, 12);
            return t.commit().startsWith(t.rev()) ? c : t.rev() + " (" + c + ")";
        }
        if (t.topLevel() != null) {
            return arg == null ? "the working tree" : "the working tree of " + arg;
        }
        return arg == null ? t.dir().toString() : arg;
    }
}
