package dev.hd.resolver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Schema checks on YAML nodes: each failure names the position, what was found, what was
 * expected, and for a misspelt key the key that was probably meant.
 */
final class Fields {
    /** Parameter and environment variable names. */
    static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Package names. */
    static final java.util.regex.Pattern PACKAGE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    private Fields() {
    }

    /** Keys of the form {@code when EXPR} add entries conditionally and are always allowed. */
    static boolean isWhenBlock(String key) {
        return key.startsWith("when ") || key.startsWith("when(");
    }

    static void allowKeys(YNode.Mapping m, String what, Collection<String> allowed) throws SpecException {
        for (YNode.Mapping.Entry e : m.entries().values()) {
            String k = e.key().value();
            if (allowed.contains(k)) {
                continue;
            }
            if (isWhenBlock(k)) {
                YNode v = e.value();
                if (v instanceof YNode.Mapping inner) {
                    allowKeys(inner, what, allowed);
                    continue;
                }
                throw new SpecException(v.loc(), "'" + k + ":' must hold a mapping of keys to add when the"
                        + " condition holds, found " + v.kind(),
                        "write the keys it adds indented below it, as key: value lines (see docs/spec-format.md)");
            }
            String guess = suggest(k, allowed);
            throw new SpecException(e.key().loc(), "unknown key '" + k + "' in " + what
                    + "; expected one of: " + String.join(", ", allowed),
                    guess == null ? "remove it, or see docs/spec-format.md for what each key means" : "did you mean '" + guess + "'?");
        }
    }

    static YNode.Mapping map(YNode n, String what) throws SpecException {
        if (n instanceof YNode.Mapping m) {
            return m;
        }
        if (n instanceof YNode.Scalar s && s.isNull()) {
            return new YNode.Mapping(java.util.Map.of(), n.loc(), 1);
        }
        throw new SpecException(n.loc(), "expected a mapping (key: value lines) for " + what + ", found " + describe(n),
                "write it as 'key: value' lines indented below, or as {key: value, ...}");
    }

    static YNode.Seq list(YNode n, String what) throws SpecException {
        if (n instanceof YNode.Seq s) {
            return s;
        }
        if (n instanceof YNode.Scalar s && s.isNull()) {
            return new YNode.Seq(List.of(), n.loc(), 1);
        }
        throw new SpecException(n.loc(), "expected a list ('- item' lines or [a, b]) for " + what + ", found "
                + describe(n), "write each item on a line of its own starting with '- ', or as [a, b]");
    }

    /** A list of strings; a single string is accepted as a list of one. */
    static List<YNode.Scalar> stringList(YNode n, String what) throws SpecException {
        List<YNode.Scalar> out = new ArrayList<>();
        if (n instanceof YNode.Scalar s) {
            if (!s.isNull()) {
                out.add(s);
            }
            return out;
        }
        for (YNode item : list(n, what).items()) {
            out.add(scalar(item, "an item of " + what));
        }
        return out;
    }

    static YNode.Scalar scalar(YNode n, String what) throws SpecException {
        if (n instanceof YNode.Scalar s && !s.isNull()) {
            return s;
        }
        throw new SpecException(n.loc(), "expected a string for " + what + ", found " + describe(n),
                n instanceof YNode.Scalar ? "give it a value, or remove the key"
                        : "give one value; quote it ('...') if it starts with '[' or '{' or holds ': '");
    }

    static String string(YNode n, String what) throws SpecException {
        return scalar(n, what).value();
    }

    static boolean bool(YNode n, String what) throws SpecException {
        if (n instanceof YNode.Scalar s && s.plain() && s.value() != null) {
            switch (s.value().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on":
                    return true;
                case "false", "no", "off":
                    return false;
                default:
                    break;
            }
        }
        throw new SpecException(n.loc(), "expected true or false for " + what + ", found " + describe(n),
                "write true or false, without quotes");
    }

    static String describe(YNode n) {
        if (n instanceof YNode.Scalar s) {
            return s.isNull() ? "nothing" : "'" + abbreviate(s.value()) + "'";
        }
        return n.kind();
    }

    static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() > 40 ? one.substring(0, 37) + "..." : one;
    }

    /** The closest candidate within a small edit distance, or {@code null}. */
    static String suggest(String word, Collection<String> candidates) {
        return Suggestions.nearest(word, candidates, Math.max(1, Math.min(3, word.length() / 3)));
    }
}
