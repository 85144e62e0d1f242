package dev.hd.resolver;

import java.util.List;
import java.util.Objects;

/**
 * One {@code profile_links} rule: which files of an artifact appear in a profile and how.
 * Rules are tried in order and the first whose glob matches a file's path (relative to the
 * artifact) decides; {@code *} matches within a path segment, {@code **} across segments.
 */
public record LinkRule(Action action, String glob) {

    /** What happens to a matching file. */
    public enum Action {
        /** a symlink to the file in the artifact */
        LINK,
        /** the file stays out of the profile */
        EXCLUDE,
        /** a real copy (for files that resolve their own location, e.g. scripts) */
        COPY
    }

    /** What applies when neither the package nor the stack says otherwise. */
    public static final List<LinkRule> DEFAULTS = List.of(
            new LinkRule(Action.EXCLUDE, ".hd/**"),
            new LinkRule(Action.LINK, "bin/**"),
            new LinkRule(Action.LINK, "lib/**"),
            new LinkRule(Action.LINK, "lib64/**"),
            new LinkRule(Action.LINK, "include/**"),
            new LinkRule(Action.LINK, "share/**"),
            new LinkRule(Action.EXCLUDE, "**"));

    public LinkRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(glob, "glob");
    }
}
