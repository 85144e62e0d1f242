package dev.hd.resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The small condition language of {@code when:}. Parsed here by hand (no scripting engine):
 *
 * <pre>
 * expr := or ;  or := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | cmp
 * cmp  := value (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') value)?
 * value := NAME | 'string' | "string" | NUMBER | true | false | '(' expr ')'
 * </pre>
 *
 * A NAME is a parameter (undefined ones are an error). {@code ==}/{@code !=} compare text;
 * the ordering operators compare as versions ("1.10" &gt; "1.9"). A value on its own is true
 * unless it is empty, "false", "no", "off" or "0".
 */
final class WhenExpr {

    /** Looks up parameters for evaluation; reports undefined names. */
    interface Lookup {
        String get(String name, SpecLocation where) throws SpecException;
    }

    private sealed interface Node permits Or, And, Not, Cmp, Name, Lit {
    }

    private record Or(Node a, Node b) implements Node {
    }

    private record And(Node a, Node b) implements Node {
    }

    private record Not(Node a) implements Node {
    }

    private record Cmp(String op, Node a, Node b) implements Node {
    }

    private record Name(String name, int offset) implements Node {
    }

    private record Lit(String value) implements Node {
    }

    private record Tok(String kind, String text, int offset) {
    }

    private final String text;
    private final SpecLocation loc;
    private final Node root;

    private WhenExpr(String text, SpecLocation loc, Node root) {
        this.text = text;
        this.loc = loc;
        this.root = root;
    }

    String text() {
        return text;
    }

    /**
     * Parses the condition a YAML scalar holds; positions start after the opening quote of a
     * quoted scalar.
     */
    static WhenExpr parse(YNode.Scalar cond) throws SpecException {
        return parse(cond.value(), textStart(cond, cond.loc()));
    }

    /** Where the text of {@code s} starts, given where the scalar starts. */
    static SpecLocation textStart(YNode.Scalar s, SpecLocation at) {
        boolean quoted = !s.plain() && !s.block();
        return quoted && at.line() > 0 ? new SpecLocation(at.file(), at.line(), at.column() + 1) : at;
    }

    /** Parses a condition; errors point at the offending token. */
    static WhenExpr parse(String text, SpecLocation loc) throws SpecException {
        if (text == null || text.isBlank()) {
            throw new SpecException(loc, "empty 'when' condition",
                    "write a condition such as: platform == 'linux'");
        }
        Parser p = new Parser(text, loc, tokenize(text, loc));
        Node n = p.or();
        if (p.pos < p.toks.size()) {
            Tok t = p.toks.get(p.pos);
            throw p.error(t, "expected 'and', 'or', a comparison or the end of the condition, found '" + t.text + "'");
        }
        return new WhenExpr(text, loc, n);
    }

    /** Evaluates the condition. */
    boolean eval(Lookup params) throws SpecException {
        return truth(value(root, params));
    }

    /** The parameter names the condition mentions. */
    Set<String> names() {
        Set<String> s = new TreeSet<>();
        collect(root, s);
        return s;
    }

    private static void collect(Node n, Set<String> out) {
        if (n instanceof Or o) {
            collect(o.a, out);
            collect(o.b, out);
        } else if (n instanceof And a) {
            collect(a.a, out);
            collect(a.b, out);
        } else if (n instanceof Not x) {
            collect(x.a, out);
        } else if (n instanceof Cmp c) {
            collect(c.a, out);
            collect(c.b, out);
        } else if (n instanceof Name nm) {
            out.add(nm.name);
        }
    }

    private String value(Node n, Lookup params) throws SpecException {
        if (n instanceof Or o) {
            return Boolean.toString(truth(value(o.a, params)) || truth(value(o.b, params)));
        } else if (n instanceof And a) {
            return Boolean.toString(truth(value(a.a, params)) && truth(value(a.b, params)));
        } else if (n instanceof Not x) {
            return Boolean.toString(!truth(value(x.a, params)));
        } else if (n instanceof Cmp c) {
            return Boolean.toString(compare(c.op, value(c.a, params), value(c.b, params)));
        } else if (n instanceof Name nm) {
            return params.get(nm.name, at(nm.offset));
        }
        return ((Lit) n).value;
    }

    private SpecLocation at(int offset) {
        return loc.line() <= 0 ? loc : new SpecLocation(loc.file(), loc.line(), loc.column() + offset);
    }

    static boolean truth(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("false") || s.equals("no") || s.equals("off") || s.equals("0"));
    }

    private static boolean compare(String op, String a, String b) {
        return switch (op) {
            case "==" -> a.equals(b);
            case "!=" -> !a.equals(b);
            case "<" -> compareVersions(a, b) < 0;
            case "<=" -> compareVersions(a, b) <= 0;
            case ">" -> compareVersions(a, b) > 0;
            case ">=" -> compareVersions(a, b) >= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    /** Compares dotted versions piece by piece, numerically where both pieces are numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-_+]");
        String[] y = b.split("[.\\-_+]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            if (isDigits(p) && isDigits(q)) {
                c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static List<Tok> tokenize(String s, SpecLocation loc) throws SpecException {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new SpecException(shift(loc, i), "malformed 'when' condition '" + s
                            + "': string starting here is not closed", "close it with " + c);
                }
                out.add(new Tok("str", s.substring(i + 1, end), i));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                String w = s.substring(i, j);
                String kind = switch (w) {
                    case "and", "or", "not" -> w;
                    case "true", "false" -> "lit";
                    default -> "name";
                };
                out.add(new Tok(kind, w, i));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Tok("lit", s.substring(i, j), i));
                i = j;
            } else if (s.startsWith("==", i) || s.startsWith("!=", i) || s.startsWith("<=", i) || s.startsWith(">=", i)) {
                out.add(new Tok("op", s.substring(i, i + 2), i));
                i += 2;
            } else if (c == '<' || c == '>') {
                out.add(new Tok("op", String.valueOf(c), i));
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Tok(String.valueOf(c), String.valueOf(c), i));
                i++;
            } else {
                String hint = c == '=' ? "compare with '==', not '='"
                        : c == '&' || c == '|' || c == '!' ? "write 'and', 'or', 'not'" : "quote text values: 'text'";
                throw new SpecException(shift(loc, i), "malformed 'when' condition '" + s
                        + "': unexpected character '" + c + "'", hint);
            }
        }
        return out;
    }

    private static SpecLocation shift(SpecLocation loc, int offset) {
        return loc.line() <= 0 ? loc : new SpecLocation(loc.file(), loc.line(), loc.column() + offset);
    }

    private static final class Parser {
        final String text;
        final SpecLocation loc;
        final List<Tok> toks;
        int pos;

        Parser(String text, SpecLocation loc, List<Tok> toks) {
            this.text = text;
            this.loc = loc;
            this.toks = toks;
        }

        SpecException error(Tok t, String what) {
            return new SpecException(shift(loc, t == null ? text.length() : t.offset),
                    "malformed 'when' condition '" + text + "': " + what,
                    "conditions look like: platform == 'linux' and not (cflags == '')");
        }

        Tok peek() {
            return pos < toks.size() ? toks.get(pos) : null;
        }

        boolean accept(String kind) {
            Tok t = peek();
            if (t != null && t.kind.equals(kind)) {
                pos++;
                return true;
            }
            return false;
        }

        Node or() throws SpecException {
            Node n = and();
            while (accept("or")) {
                n = new Or(n, and());
            }
            return n;
        }

        Node and() throws SpecException {
            Node n = not();
            while (accept("and")) {
                n = new And(n, not());
            }
            return n;
        }

        Node not() throws SpecException {
            if (accept("not")) {
                return new Not(not());
            }
            return cmp();
        }

        Node cmp() throws SpecException {
            Node a = value();
            Tok t = peek();
            if (t != null && t.kind.equals("op")) {
                pos++;
                return new Cmp(t.text, a, value());
            }
            return a;
        }

        Node value() throws SpecException {
            Tok t = peek();
            if (t == null) {
                throw error(null, "the condition ends where a value was expected");
            }
            pos++;
            switch (t.kind) {
                case "name":
                    return new Name(t.text, t.offset);
                case "str":
                case "lit":
                    return new Lit(t.text);
                case "(":
                    Node n = or();
                    if (!accept(")")) {
                        throw error(peek(), "expected ')'");
                    }
                    return n;
                default:
                    throw error(t, "expected a parameter name, a 'quoted string' or '(', found '" + t.text + "'");
            }
        }
    }
}
