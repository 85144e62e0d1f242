package dev.hd.builder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@code profile_links} glob: {@code *} and {@code ?} match within one path segment,
 * {@code **} across segments (also none). A glob matches a path when it matches the path or
 * one of its parent directories, so {@code exclude: share/doc} covers everything below it.
 */
final class Glob {
    private static final ConcurrentHashMap<String, Glob> CACHE = new ConcurrentHashMap<>();
    private final Pattern pattern;

    private Glob(String glob) {
        this.pattern = Pattern.compile(toRegex(glob));
    }

    static Glob of(String glob) {
        return CACHE.computeIfAbsent(glob, Glob::new);
    }

    boolean matches(String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            if (pattern.matcher(path.substring(0, i)).matches()) {
                return true;
            }
        }
        return false;
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder(glob.length() * 2);
        String g = glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean segmentStart = i == 0 || g.charAt(i - 1) == '/';
                if (segmentStart && i + 2 < g.length() && g.charAt(i + 2) == '/') {
                    re.append("(?:.*/)?"); // "**/" also matches no directory at all
                    i += 2;
                } else {
                    re.append(".*");
                    i += 1;
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return re.toString();
    }
}
