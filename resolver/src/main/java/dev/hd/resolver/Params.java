package dev.hd.resolver;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parameters visible while one package is resolved, in layers: built-ins
 * ({@code platform}, {@code arch}, and once known {@code name}, {@code version}), the spec's
 * {@code defaults}, the stack's global parameters, the stack's per-package settings, and the
 * command line. Every lookup of a real parameter is recorded: those are the "parameters in
 * effect" that enter the build hash, so changing an unrelated parameter rebuilds nothing.
 * Not thread-safe: one instance per package resolution.
 */
final class Params implements WhenExpr.Lookup {
    private final Map<String, String> builtins;
    private final Map<String, String> values;
    private final TreeMap<String, String> used = new TreeMap<>();

    Params(Map<String, String> builtins, Map<String, String> values) {
        this.builtins = new TreeMap<>(builtins);
        this.values = values;
    }

    /** Makes {@code name} visible as a built-in (e.g. the package's version). */
    void setBuiltin(String name, String value) {
        builtins.put(name, value);
    }

    @Override
    public String get(String name, SpecLocation where) throws SpecException {
        String v = values.get(name);
        if (v != null) {
            used.put(name, v);
            return v;
        }
        v = builtins.get(name);
        if (v != null) {
            return v;
        }
        TreeSet<String> known = new TreeSet<>(values.keySet());
        known.addAll(builtins.keySet());
        String guess = Fields.suggest(name, known);
        throw new SpecException(where, "undefined parameter '" + name + "'",
                (guess == null ? "" : "did you mean '" + guess + "'? Otherwise ")
                        + "define it under 'parameters:' in stack.yaml, under 'defaults:' in the spec,"
                        + " or on the command line as " + name + "=VALUE");
    }

    /** The parameters looked up so far, with their values. */
    Map<String, String> used() {
        return used;
    }

    /** Expands every {@code {{name}}} in a scalar's text. */
    String expand(YNode.Scalar s) throws SpecException {
        return expand(s.value(), s.loc(), s.plain(), s.block());
    }

    String expand(String text, SpecLocation loc, boolean plain, boolean block) throws SpecException {
        int open = text.indexOf("{{");
        if (open < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int from = 0;
        while (open >= 0) {
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new SpecException(at(loc, text, open, plain, block), "'{{' without a closing '}}'",
                        "write parameters as {{name}}");
            }
            String name = text.substring(open + 2, close).trim();
            if (!Fields.IDENTIFIER.matcher(name).matches()) {
                throw new SpecException(at(loc, text, open, plain, block), "'{{" + text.substring(open + 2, close)
                        + "}}' is not a parameter reference", "parameter names are letters, digits and '_'");
            }
            out.append(text, from, open).append(get(name, at(loc, text, open, plain, block)));
            from = close + 2;
            open = text.indexOf("{{", from);
        }
        return out.append(text.substring(from)).toString();
    }

    /** The position of offset {@code off} in a scalar: exact for one-line plain scalars. */
    private static SpecLocation at(SpecLocation loc, String text, int off, boolean plain, boolean block) {
        if (loc.line() <= 0) {
            return loc;
        }
        int nl = text.lastIndexOf('\n', off);
        if (nl < 0 && block) {
            return new SpecLocation(loc.file(), loc.line() + 1, off + 1);
        }
        if (nl < 0) {
            return new SpecLocation(loc.file(), loc.line(), loc.column() + off + (plain ? 0 : 1));
        }
        int lines = 0;
        for (int i = 0; i < off; i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        // A block scalar starts on the line after its indicator; columns inside it are approximate.
        return new SpecLocation(loc.file(), loc.line() + lines + (plain ? 0 : 1), off - nl);
    }
}
