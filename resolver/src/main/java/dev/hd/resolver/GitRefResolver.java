package dev.hd.resolver;

/**
 * Turns a floating git source ({@code branch:} or {@code tag:}) into the commit it stands for
 * now, so that the commit, never the branch name, enters the build hash. Supplied by the
 * caller (gitstore's upstream mirrors); the resolver knows nothing about git.
 */
@FunctionalInterface
public interface GitRefResolver {

    /**
     * @param url the upstream repository
     * @param ref "branch:NAME" or "tag:NAME"
     * @return the 40-hex commit id
     * @throws HdException when the ref cannot be resolved (not fetched yet, gone upstream)
     */
    String resolve(String url, String ref) throws HdException;

    /** Refuses every floating ref with a hint to fetch. */
    GitRefResolver NONE = (url, ref) -> {
        throw new HdException("cannot resolve " + ref + " of " + url + ": no upstream mirror is available here",
                "run 'hd fetch' first, or pin the source with key: git:<commit>");
    };
}
