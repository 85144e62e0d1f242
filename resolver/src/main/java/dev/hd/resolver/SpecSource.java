package dev.hd.resolver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the files of a stack repository: a directory, a git commit, the git
 * working tree, or an in-memory map (tests). Paths are relative, '/'-separated, with no
 * leading slash and no {@code .} or {@code ..} segments.
 *
 * <p>Implementations must be safe to use from several threads at once.
 */
public interface SpecSource {

    /** The file's bytes, or empty when there is no regular file at {@code path}. */
    Optional<byte[]> read(String path) throws IOException;

    /**
     * Names (not paths) of the entries directly inside directory {@code dir} ("" is the
     * root), sorted; directories carry a trailing '/'. Empty when {@code dir} is absent.
     */
    List<String> list(String dir) throws IOException;

    /**
     * The content key of a directory of the stack repo, as git would compute its tree id
     * ({@code tree:<40 hex>}). Empty when there is no directory at {@code path}.
     */
    Optional<SourceKey> treeKey(String path) throws IOException;

    /**
     * Writes the files below directory {@code path} into {@code target} (which exists and is
     * empty), keeping the executable bit and symbolic links.
     */
    void exportTree(String path, Path target) throws IOException;

    /** Says what this is, for messages: a directory path, "commit 1a2b3c4 (main)" ... */
    String describe();
}
