package dev.hd.resolver;

import java.util.regex.Pattern;

/**
 * The content key of a source: {@code sha256:<64 hex>} for an archive,
 * {@code git:<40 hex>} for a commit of an upstream repository, {@code tree:<40 hex>} for a
 * directory (a git tree id). Only keys enter build hashes, never URLs.
 */
public record SourceKey(Kind kind, String digest) implements Comparable<SourceKey> {

    /** The three kinds of key. */
    public enum Kind {
        SHA256("sha256", 64), GIT("git", 40), TREE("tree", 40);

        private final String prefix;
        private final int hexLength;

        Kind(String prefix, int hexLength) {
            this.prefix = prefix;
            this.hexLength = hexLength;
        }

        public String prefix() {
            return prefix;
        }

        public int hexLength() {
            return hexLength;
        }
    }

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public SourceKey {
        if (kind == null || digest == null || digest.length() != kind.hexLength
                || !HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("malformed " + kind + " key: " + digest);
        }
    }

    /**
     * Parses {@code kind:hex}; the message of the exception says what was expected.
     *
     * @throws IllegalArgumentException when the text is not a well-formed key
     */
    public static SourceKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected 'sha256:<64 hex digits>', 'git:<40 hex digits>'"
                    + " or 'tree:<40 hex digits>', found '" + text + "'");
        }
        String prefix = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        for (Kind k : Kind.values()) {
            if (k.prefix.equals(prefix)) {
                if (hex.length() != k.hexLength || !HEX.matcher(hex).matches()) {
                    throw new IllegalArgumentException("expected '" + k.prefix + ":' followed by "
                            + k.hexLength + " lowercase hex digits, found '" + text + "' ("
                            + hex.length() + " characters after the colon)");
                }
                return new SourceKey(k, hex);
            }
        }
        throw new IllegalArgumentException("unknown key kind '" + prefix
                + "': expected sha256:, git: or tree:");
    }

    public static SourceKey sha256(String hex) {
        return new SourceKey(Kind.SHA256, hex);
    }

    public static SourceKey git(String commit) {
        return new SourceKey(Kind.GIT, commit);
    }

    public static SourceKey tree(String treeId) {
        return new SourceKey(Kind.TREE, treeId);
    }

    @Override
    public int compareTo(SourceKey o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return kind.prefix + ":" + digest;
    }
}
