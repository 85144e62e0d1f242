package dev.hd.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The mark a hook leaves next to a profile link when git moved HEAD to a revision whose
 * profile is not built: the link still names the old profile, and {@code <link>.stale} says
 * so, for {@code hd status} and {@code hd env} (which exports {@code HD_STALE=1}). Whatever
 * points the link at a profile again ({@code hd build}, {@code hd checkout}, the hook's fast
 * path) removes it. Format (written by the hook script, see {@code hook.sh}):
 * <pre>
 * hd-stale 1
 * commit &lt;40-hex&gt;      the commit HEAD moved to
 * ref &lt;refs/heads/x | HEAD&gt;
 * since &lt;epoch-s&gt;
 * build &lt;command&gt;       the one command that builds it
 * </pre>
 */
public final class StaleMarker {
    static final String HEADER = "hd-stale 1";

    private StaleMarker() {
    }

    /**
     * What a marker says.
     *
     * @param commit       the commit HEAD moved to, whose profile is not built
     * @param ref          the branch ("refs/heads/x") or "HEAD" when detached
     * @param epochSeconds when it was marked
     * @param buildCommand the command that builds it
     */
    public record Stale(String commit, String ref, long epochSeconds, String buildCommand) {
    }

    /** The marker file of {@code link}. */
    public static Path of(Path link) {
        return link.resolveSibling(link.getFileName() + ".stale");
    }

    /** The marker of {@code link}, if there is one (a damaged one still counts: the link is stale). */
    public static Optional<Stale> read(Path link) {
        List<String> lines;
        try {
            lines = Files.readAllLines(of(link), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        String commit = "";
        String ref = "";
        long since = 0;
        String build = "hd build";
        for (String l : lines) {
            int sp = l.indexOf(' ');
            if (sp < 0) {
                continue;
            }
            String v = l.substring(sp + 1);
            switch (l.substring(0, sp)) {
                case "commit" -> commit = v;
                case "ref" -> ref = v;
                case "since" -> {
                    try {
                        since = Long.parseLong(v.strip());
                    } catch (NumberFormatException e) {
                        since = 0;
                    }
                }
                case "build" -> build = v;
                default -> {
                    // a later format's field
                }
            }
        }
        return Optional.of(new Stale(commit, ref, since, build));
    }

    /** Removes the marker of {@code link}: it names the profile it should again. */
    public static void clear(Path link) throws IOException {
        Files.deleteIfExists(of(link));
    }
}
