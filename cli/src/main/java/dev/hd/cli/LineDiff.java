package dev.hd.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines two texts do not share, {@code -} for lost and {@code +} for gained, in order:
 * a longest-common-subsequence diff without context, for showing how a build stage changed.
 */
final class LineDiff {
    /** Above this many lines on a side, a plain "all lost, all gained" replaces the quadratic table. */
    static final int MAX_LINES = 2000;

    private LineDiff() {
    }

    static List<String> changed(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            a.forEach(l -> out.add("- " + l));
            b.forEach(l -> out.add("+ " + l));
            return out;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return out;
    }
}
