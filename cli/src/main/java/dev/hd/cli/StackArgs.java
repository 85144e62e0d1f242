package dev.hd.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Parameters;

/**
 * The positional arguments most commands share: an optional stack directory (or revision)
 * followed by {@code k=v} parameter overrides, in any order.
 */
public final class StackArgs {

    @Parameters(paramLabel = "[DIR|REV] [k=v...]", arity = "0..*",
            description = {"The stack: a directory (default: the current one) or a git revision of the stack repo.",
                    "k=v overrides a global parameter, PKG.k=v one package's parameter."})
    List<String> args = new ArrayList<>();

    /** The stack directory or revision the user named, or {@code null}. */
    public String target() {
        String target = null;
        for (String a : args) {
            if (!isOverride(a)) {
                if (target != null) {
                    throw new UsageException("more than one stack given: '" + target + "' and '" + a
                            + "' (parameters are written k=v)");
                }
                target = a;
            }
        }
        return target;
    }

    /** The {@code k=v} overrides, in the order given (a later one wins). */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            if (isOverride(a)) {
                int eq = a.indexOf('=');
                String k = a.substring(0, eq);
                if (!k.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                    throw new UsageException("bad parameter name '" + k + "' in '" + a
                            + "': expected NAME=VALUE or PACKAGE.NAME=VALUE");
                }
                m.put(k, a.substring(eq + 1));
            }
        }
        return m;
    }

    static boolean isOverride(String a) {
        int eq = a.indexOf('=');
        return eq > 0 && !a.substring(0, eq).contains("/");
    }
}
