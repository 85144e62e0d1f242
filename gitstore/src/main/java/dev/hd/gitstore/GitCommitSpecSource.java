package dev.hd.gitstore;

import dev.hd.resolver.HdException;
import dev.hd.resolver.SourceKey;
import dev.hd.resolver.SpecSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of a stack as of one commit, read straight from git's object database: no
 * checkout, no temporary files. The stack's directory is walked once, when the source is
 * made, into a map of path to object id; reads then open blobs by id (thread-safe: each
 * read uses its own object reader). {@code path:} sources are keyed by the git tree id at
 * that commit.
 */
public final class GitCommitSpecSource implements SpecSource {
    private final Repository repo;
    private final String commit;
    private final String stackDir;
    private final String label;
    private final Path topLevel;
    /** Every blob, link and tree below the stack directory, by path relative to it ("" is the stack dir itself). */
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();

    private record Node(FileMode mode, ObjectId id) {
        boolean tree() {
            return mode == FileMode.TREE;
        }
    }

    GitCommitSpecSource(Repository repo, ObjectId commit, String stackDir, String label, Path topLevel) throws HdException {
        this.repo = repo;
        this.commit = commit.name();
        this.stackDir = stackDir == null ? "" : stackDir;
        this.label = label;
        this.topLevel = topLevel;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            RevCommit c = rw.parseCommit(commit);
            ObjectId root = c.getTree();
            if (!this.stackDir.isEmpty()) {
                try (TreeWalk tw = TreeWalk.forPath(reader, this.stackDir, root)) {
                    if (tw == null || tw.getFileMode(0) != FileMode.TREE) {
                        throw new HdException("no directory " + this.stackDir + " in " + describe(),
                                "the stack lives elsewhere at that revision: run hd from the stack's directory, or use -C");
                    }
                    root = tw.getObjectId(0);
                }
            }
            nodes.put("", new Node(FileMode.TREE, root));
            Map<String, TreeSet<String>> kids = new HashMap<>();
            kids.put("", new TreeSet<>());
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(root);
                tw.setRecursive(false);
                while (tw.next()) {
                    String p = tw.getPathString();
                    FileMode m = tw.getFileMode(0);
                    nodes.put(p, new Node(m, tw.getObjectId(0)));
                    int slash = p.lastIndexOf('/');
                    String parent = slash < 0 ? "" : p.substring(0, slash);
                    String name = slash < 0 ? p : p.substring(slash + 1);
                    kids.computeIfAbsent(parent, k -> new TreeSet<>()).add(m == FileMode.TREE ? name + "/" : name);
                    if (m == FileMode.TREE) {
                        kids.computeIfAbsent(p, k -> new TreeSet<>());
                        tw.enterSubtree();
                    }
                }
            }
            kids.forEach((k, v) -> children.put(k, List.copyOf(v)));
        } catch (IOException e) {
            throw new HdException("cannot read commit " + commit.name() + " of " + topLevel + ": " + e.getMessage(),
                    "check the repository with 'git fsck'", e);
        }
    }

    /** The 40-hex commit id. */
    public String commit() {
        return commit;
    }

    /** The stack's directory inside the repository ("" for the top). */
    public String stackDir() {
        return stackDir;
    }

    private static void check(String path) {
        if (path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../")
                || ("/" + path + "/").contains("/./")) {
            throw new IllegalArgumentException("not a relative stack path: " + path);
        }
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        check(path);
        Node n = nodes.get(path);
        if (n == null || !(n.mode == FileMode.REGULAR_FILE || n.mode == FileMode.EXECUTABLE_FILE)) {
            return Optional.empty();
        }
        return Optional.of(repo.open(n.id).getCachedBytes(Integer.MAX_VALUE).clone());
    }

    @Override
    public List<String> list(String dir) throws IOException {
        check(dir);
        return children.getOrDefault(dir, List.of());
    }

    @Override
    public Optional<SourceKey> treeKey(String path) throws IOException {
        check(path);
        Node n = nodes.get(path);
        return n != null && n.tree() ? Optional.of(SourceKey.tree(n.id.name())) : Optional.empty();
    }

    @Override
    public void exportTree(String path, Path target) throws IOException {
        check(path);
        Node top = nodes.get(path);
        if (top == null || !top.tree()) {
            throw new IOException("no directory " + path + " in " + describe());
        }
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(top.id);
            tw.setRecursive(false);
            while (tw.next()) {
                String rel = tw.getPathString();
                FileMode m = tw.getFileMode(0);
                Path to = target.resolve(rel);
                if (m == FileMode.TREE) {
                    Files.createDirectories(to);
                    tw.enterSubtree();
                } else if (m == FileMode.SYMLINK) {
                    String linkTarget = new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                    Files.createSymbolicLink(to, Path.of(linkTarget));
                } else if (m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE) {
                    ObjectLoader ol = reader.open(tw.getObjectId(0));
                    try (InputStream in = ol.openStream()) {
                        Files.copy(in, to);
                    }
                    if (m == FileMode.EXECUTABLE_FILE) {
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                // gitlinks (submodules) have no content in this repository: left out, as git archive does
            }
        }
    }

    @Override
    public String describe() {
        String where = stackDir.isEmpty() ? topLevel.toString() : topLevel + "/" + stackDir;
        return where + " at commit " + commit.substring(0, 12) + (label == null || label.equals(commit) ? "" : " (" + label + ")");
    }

    /** Every path below the stack directory (files and directories), for tests and status. */
    List<String> paths() {
        List<String> out = new ArrayList<>(nodes.keySet());
        out.remove("");
        out.sort(null);
        return out;
    }
}
