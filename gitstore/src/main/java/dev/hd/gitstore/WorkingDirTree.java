package dev.hd.gitstore;

import dev.hd.resolver.GitTreeHasher;
import dev.hd.resolver.HdException;
import dev.hd.resolver.SourceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * A local working directory as git sees it ({@code hd develop PKG --path DIR}): the files
 * {@code git add -A} would take (tracked files as they are now, untracked files that are not
 * ignored; deleted and ignored files left out), each with its blob id, and the tree id
 * {@code git write-tree} would then give — the directory's content key.
 *
 * <p>Change detection is git's: a file whose stat data (size, mtime, ctime, inode) matches its
 * index entry takes the index's blob id without being read, exactly as {@code git status}
 * decides it is unchanged; only changed and untracked files are read and hashed, and ignored
 * directories (build trees, data) are not even walked. So the key of a large checkout on NFS
 * costs a stat per tracked file, not a read. A directory outside any git repository has no
 * index: every file is read and hashed each time (and nothing is ignored).
 */
public final class WorkingDirTree {
    private WorkingDirTree() {
    }

    /**
     * One file of the tree.
     *
     * @param path   relative, '/'-separated
     * @param blobId the git blob id of its content (for a link, of the link's text)
     * @param mode   {@code 100644}, {@code 100755} or {@code 120000}, as git writes them
     */
    public record Entry(String path, String blobId, int mode) {
        public boolean executable() {
            return mode == 0100755;
        }

        public boolean symlink() {
            return mode == 0120000;
        }
    }

    /**
     * What a directory holds now.
     *
     * @param dir     the directory
     * @param key     its content key ({@code tree:<id>})
     * @param entries its files, sorted by path
     * @param head    the commit HEAD points at, when the directory is in a repository with commits
     * @param changed paths that differ from HEAD (added, modified, deleted), sorted; empty when clean
     *                or outside git
     * @param inGit   whether the directory is inside a git working tree
     */
    public record Snapshot(Path dir, SourceKey key, List<Entry> entries, Optional<String> head, List<String> changed,
            boolean inGit) {
        public Snapshot {
            entries = List.copyOf(entries);
            changed = List.copyOf(changed);
        }
    }

    /**
     * Takes the snapshot.
     *
     * @throws HdException when {@code dir} is no directory, holds a submodule (or a nested
     *                     repository), or cannot be read
     */
    public static Snapshot scan(Path dir) throws HdException {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            throw new HdException("the develop directory " + d + " is not a directory",
                    "restore it, or leave develop mode with 'hd develop PKG --off'");
        }
        IsolatedGitConfig.install();
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(d.toFile());
        if (b.getGitDir() == null) {
            return plain(d);
        }
        try (Repository repo = b.setMustExist(true).build()) {
            if (repo.isBare()) {
                return plain(d);
            }
            return inRepo(repo, d);
        } catch (IOException | IllegalArgumentException e) {
            throw new HdException("cannot read " + d + " with git: " + e.getMessage(),
                    "check it with 'git -C " + d + " status'", e);
        }
    }

    private static Snapshot inRepo(Repository repo, Path dir) throws IOException, HdException {
        Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
        Path real = dir.toRealPath();
        Path realTop = top.toRealPath();
        String prefix = realTop.relativize(real).toString().replace('\\', '/');
        String pre = prefix.isEmpty() ? "" : prefix + "/";
        List<Entry> entries = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            int dc = tw.addTree(new DirCacheIterator(repo.readDirCache()));
            FileTreeIterator files = new FileTreeIterator(repo);
            int wt = tw.addTree(files);
            // a file whose stat matches its index entry takes the index's blob id unread
            files.setDirCacheIterator(tw, dc);
            tw.setRecursive(false);
            if (!prefix.isEmpty()) {
                tw.setFilter(PathFilter.create(prefix));
            }
            while (tw.next()) {
                String p = tw.getPathString();
                WorkingTreeIterator w = tw.getTree(wt, WorkingTreeIterator.class);
                boolean tracked = tw.getTree(dc, DirCacheIterator.class) != null;
                if (w == null) {
                    continue; // deleted in the working tree: git add -A drops it
                }
                boolean inside = p.startsWith(pre) || p.equals(prefix);
                FileMode m = tw.getFileMode(wt);
                if (m == FileMode.GITLINK || tracked && tw.getFileMode(dc) == FileMode.GITLINK) {
                    if (!inside || p.equals(prefix)) {
                        continue;
                    }
                    if (!tracked && w.isEntryIgnored()) {
                        continue;
                    }
                    throw new HdException(dir + " has a " + (tracked ? "submodule" : "nested git repository") + " at '"
                            + p.substring(pre.length()) + "': hd develop does not support submodules",
                            "develop that repository as a package of its own, or add it to .gitignore if the build"
                                    + " does not need it (see docs/upstream.md)");
                }
                if (tw.isSubtree()) {
                    if (!tracked && w.isEntryIgnored()) {
                        continue;
                    }
                    tw.enterSubtree();
                    continue;
                }
                if (!inside || !tracked && w.isEntryIgnored()) {
                    continue;
                }
                int mode = m == FileMode.EXECUTABLE_FILE ? 0100755 : m == FileMode.SYMLINK ? 0120000 : 0100644;
                entries.add(new Entry(p.substring(pre.length()), w.getEntryObjectId().name(), mode));
            }
        }
        entries.sort(Comparator.comparing(Entry::path));
        SourceKey key = SourceKey.tree(treeId(entries));
        Optional<String> head = Optional.ofNullable(repo.resolve(Constants.HEAD + "^{commit}")).map(ObjectId::name);
        List<String> changed = List.of();
        if (head.isPresent()) {
            Map<String, String> atHead = headFiles(repo, prefix);
            changed = diff(atHead, entries);
        }
        return new Snapshot(dir, key, entries, head, changed, true);
    }

    private static Map<String, String> headFiles(Repository repo, String prefix) throws IOException {
        Map<String, String> out = new HashMap<>();
        ObjectId tree = repo.resolve(Constants.HEAD + "^{tree}");
        if (tree == null) {
            return out;
        }
        String pre = prefix.isEmpty() ? "" : prefix + "/";
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(tree);
            tw.setRecursive(true);
            if (!prefix.isEmpty()) {
                tw.setFilter(PathFilter.create(prefix));
            }
            while (tw.next()) {
                String p = tw.getPathString();
                if (p.startsWith(pre)) {
                    out.put(p.substring(pre.length()), tw.getObjectId(0).name() + " " + tw.getRawMode(0));
                }
            }
        }
        return out;
    }

    private static List<String> diff(Map<String, String> atHead, List<Entry> now) {
        TreeSet<String> changed = new TreeSet<>();
        Map<String, String> left = new HashMap<>(atHead);
        for (Entry e : now) {
            String was = left.remove(e.path());
            if (!(e.blobId() + " " + e.mode()).equals(was)) {
                changed.add(e.path());
            }
        }
        changed.addAll(left.keySet());
        return new ArrayList<>(changed);
    }

    private static Snapshot plain(Path dir) throws HdException {
        List<Entry> entries = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.getFileName() != null && d.getFileName().toString().equals(Constants.DOT_GIT) && !d.equals(dir)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    String rel = dir.relativize(f).toString().replace('\\', '/');
                    if (attrs.isSymbolicLink()) {
                        byte[] t = Files.readSymbolicLink(f).toString().getBytes(StandardCharsets.UTF_8);
                        entries.add(new Entry(rel, hex(GitTreeHasher.blobId(t)), 0120000));
                    } else if (attrs.isRegularFile()) {
                        boolean x = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)
                                .contains(PosixFilePermission.OWNER_EXECUTE);
                        entries.add(new Entry(rel, hex(GitTreeHasher.blobId(Files.readAllBytes(f))), x ? 0100755 : 0100644));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new HdException("cannot read the develop directory " + dir + ": " + e.getMessage(), null, e);
        }
        entries.sort(Comparator.comparing(Entry::path));
        return new Snapshot(dir, SourceKey.tree(treeId(entries)), entries, Optional.empty(), List.of(), false);
    }

    /** The id {@code git write-tree} gives for these files (empty directories do not exist in git). */
    static String treeId(List<Entry> entries) {
        // directory -> (name -> entry or subdirectory)
        Map<String, TreeMap<String, Object>> dirs = new HashMap<>();
        dirs.put("", new TreeMap<>());
        for (Entry e : entries) {
            String path = e.path();
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash);
            dirs.computeIfAbsent(parent, k -> new TreeMap<>()).put(path.substring(slash + 1), e);
            while (!parent.isEmpty()) {
                int s = parent.lastIndexOf('/');
                String grand = s < 0 ? "" : parent.substring(0, s);
                TreeMap<String, Object> g = dirs.computeIfAbsent(grand, k -> new TreeMap<>());
                if (g.putIfAbsent(parent.substring(s + 1), parent) != null) {
                    break;
                }
                parent = grand;
            }
        }
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return tree("", dirs, f).name();
        }
    }

    private static ObjectId tree(String dir, Map<String, TreeMap<String, Object>> dirs, ObjectInserter.Formatter f) {
        List<Map.Entry<String, Object>> kids = new ArrayList<>(dirs.get(dir).entrySet());
        // git orders a directory's entries by name, a subdirectory's name taken with a trailing '/'
        kids.sort(Comparator.comparing(k -> k.getValue() instanceof String ? k.getKey() + "/" : k.getKey()));
        TreeFormatter fmt = new TreeFormatter();
        for (Map.Entry<String, Object> k : kids) {
            if (k.getValue() instanceof Entry e) {
                FileMode m = e.symlink() ? FileMode.SYMLINK : e.executable() ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                fmt.append(k.getKey(), m, ObjectId.fromString(e.blobId()));
            } else {
                fmt.append(k.getKey(), FileMode.TREE, tree((String) k.getValue(), dirs, f));
            }
        }
        return f.idFor(Constants.OBJ_TREE, fmt.toByteArray());
    }

    private static String hex(byte[] id) {
        return ObjectId.fromRaw(id).name();
    }
}
