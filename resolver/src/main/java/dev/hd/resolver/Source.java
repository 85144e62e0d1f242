package dev.hd.resolver;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One input of a build, unpacked into {@code target} (relative to the build directory,
 * "." by default). Only {@link #key()} and {@link #target()} enter the build hash.
 */
public sealed interface Source permits Source.Archive, Source.Git, Source.Tree, Source.Local {

    SourceKey key();

    String target();

    /** An archive fetched by content key; {@code url} is where to look when no mirror has it. */
    record Archive(SourceKey key, String url, String target, boolean strip) implements Source {
        public Archive {
            requireKind(key, SourceKey.Kind.SHA256);
            target = normTarget(target);
        }
    }

    /**
     * A commit of an upstream git repository. {@code ref} is the branch or tag it was
     * resolved from ("branch:main", "tag:v1"), or {@code null} when the spec pinned the commit.
     */
    record Git(SourceKey key, String url, String ref, String target) implements Source {
        public Git {
            requireKind(key, SourceKey.Kind.GIT);
            Objects.requireNonNull(url, "url");
            target = normTarget(target);
        }

        public String commit() {
            return key.digest();
        }
    }

    /** A directory of the stack repository itself ({@code path:}), keyed by its git tree id. */
    record Tree(SourceKey key, String path, String target) implements Source {
        public Tree {
            requireKind(key, SourceKey.Kind.TREE);
            Objects.requireNonNull(path, "path");
            target = normTarget(target);
        }
    }

    /**
     * A local working directory standing in for a package's sources ({@code hd develop}):
     * keyed by the tree id git would compute for its content, uncommitted changes included.
     */
    record Local(SourceKey key, Path dir, String target) implements Source {
        public Local {
            requireKind(key, SourceKey.Kind.TREE);
            Objects.requireNonNull(dir, "dir");
            target = normTarget(target);
        }
    }

    private static void requireKind(SourceKey key, SourceKey.Kind kind) {
        Objects.requireNonNull(key, "key");
        if (key.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind.prefix() + ": key, got " + key);
        }
    }

    private static String normTarget(String target) {
        return target == null || target.isEmpty() ? "." : target;
    }
}
