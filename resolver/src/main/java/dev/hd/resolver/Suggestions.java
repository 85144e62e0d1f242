package dev.hd.resolver;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean": the known name nearest to one somebody typed, when it is near enough to be
 * a guess. One implementation for spec keys, package names, config keys, commands and options.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code word} (case-insensitive), or {@code null} when the nearest
     * is more than {@code limit} edits away.
     */
    public static String nearest(String word, Collection<String> candidates, int limit) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= limit ? best : null;
    }

    /** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters is one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
