package dev.hd.gitstore;

import dev.hd.resolver.FileStamp;
import dev.hd.resolver.GitTreeHasher;
import dev.hd.resolver.HdException;
import dev.hd.resolver.SourceKey;
import dev.hd.resolver.SpecSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The files of a stack as they are in the git working tree now: tracked files with their
 * uncommitted changes, untracked files that are not ignored; ignored and deleted files are
 * not part of it (nor {@code .hd/}, hd's own). Which files count is decided once, when the
 * source is made, by one walk of the stack directory against the index and git's ignore
 * rules. {@code path:} sources are keyed by the tree id git would compute for the directory
 * ({@code git add -A} then {@code git write-tree}).
 *
 * <p>Like {@code DirectorySpecSource} it records the {@link FileStamp}s of everything it
 * looked at (directories walked, ignore files, the index, files read and hashed), so a
 * resolution of it can be cached and trusted while every stamp still matches.
 */
public final class WorkingTreeSpecSource implements SpecSource {
    private final Path root;
    private final String stackDir;
    /** Included files, relative to the stack directory. */
    private final Set<String> files;
    /** Directories holding at least one included file ("" is the stack directory). */
    private final Set<String> dirs;
    private final Map<String, List<String>> children;
    private final ConcurrentHashMap<Path, FileStamp> stamps;

    private WorkingTreeSpecSource(Path root, String stackDir, Set<String> files, Set<String> dirs,
            Map<String, List<String>> children, ConcurrentHashMap<Path, FileStamp> stamps) {
        this.root = root;
        this.stackDir = stackDir;
        this.files = files;
        this.dirs = dirs;
        this.children = children;
        this.stamps = stamps;
    }

    static WorkingTreeSpecSource scan(Repository repo, String stackDir) throws HdException {
        String sd = stackDir == null ? "" : stackDir;
        Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
        Path root = sd.isEmpty() ? top : top.resolve(sd);
        ConcurrentHashMap<Path, FileStamp> stamps = new ConcurrentHashMap<>();
        // what decides which files count, besides the directories walked below
        Path gitDir = repo.getDirectory().toPath();
        for (Path p : List.of(gitDir.resolve("index"), gitDir.resolve("info/exclude"), gitDir.resolve("config"))) {
            stamps.put(p, FileStamp.of(p, true));
        }
        Path d = top;
        stamps.put(top.resolve(Constants.DOT_GIT_IGNORE), FileStamp.of(top.resolve(Constants.DOT_GIT_IGNORE), true));
        for (String seg : sd.isEmpty() ? new String[0] : sd.split("/")) {
            stamps.put(d, FileStamp.of(d, false));
            d = d.resolve(seg);
            stamps.put(d.resolve(Constants.DOT_GIT_IGNORE), FileStamp.of(d.resolve(Constants.DOT_GIT_IGNORE), true));
        }
        stamps.put(root, FileStamp.of(root, false));
        String prefix = sd.isEmpty() ? "" : sd + "/";
        Set<String> files = new HashSet<>();
        Set<String> dirs = new HashSet<>();
        Map<String, TreeSet<String>> kids = new HashMap<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(new DirCacheIterator(repo.readDirCache()));
            tw.addTree(new FileTreeIterator(repo));
            tw.setRecursive(false);
            if (!sd.isEmpty()) {
                tw.setFilter(PathFilter.create(sd));
            }
            while (tw.next()) {
                String p = tw.getPathString();
                boolean inside = p.startsWith(prefix);
                WorkingTreeIterator wt = tw.getTree(1, WorkingTreeIterator.class);
                boolean tracked = tw.getTree(0, DirCacheIterator.class) != null;
                if (wt == null) {
                    continue; // deleted in the working tree
                }
                String rel = inside ? p.substring(prefix.length()) : null;
                if (rel != null && (rel.equals(".hd") || rel.startsWith(".hd/"))) {
                    continue;
                }
                FileMode m = tw.getFileMode(1);
                if (tw.isSubtree()) {
                    if (!tracked && wt.isEntryIgnored()) {
                        continue;
                    }
                    if (inside) {
                        Path dir = top.resolve(p);
                        stamps.put(dir, FileStamp.of(dir, false));
                        stamps.put(dir.resolve(Constants.DOT_GIT_IGNORE), FileStamp.of(dir.resolve(Constants.DOT_GIT_IGNORE), true));
                    }
                    tw.enterSubtree();
                    continue;
                }
                if (!inside || m == FileMode.GITLINK || (!tracked && wt.isEntryIgnored())) {
                    continue;
                }
                files.add(rel);
                String child = rel;
                while (true) {
                    int slash = child.lastIndexOf('/');
                    String parent = slash < 0 ? "" : child.substring(0, slash);
                    String name = slash < 0 ? child : child.substring(slash + 1);
                    kids.computeIfAbsent(parent, k -> new TreeSet<>()).add(child.equals(rel) ? name : name + "/");
                    if (!dirs.add(parent) || parent.isEmpty()) {
                        break;
                    }
                    child = parent;
                }
            }
        } catch (IOException e) {
            throw new HdException("cannot read the working tree of " + top + ": " + e.getMessage(),
                    "check it with 'git -C " + top + " status'", e);
        }
        Map<String, List<String>> children = new HashMap<>();
        kids.forEach((k, v) -> children.put(k, List.copyOf(v)));
        return new WorkingTreeSpecSource(root, sd, Set.copyOf(files), Set.copyOf(dirs), children, stamps);
    }

    /** The stack directory on disk. */
    public Path root() {
        return root;
    }

    /** The stack's directory inside the repository ("" for the top). */
    public String stackDir() {
        return stackDir;
    }

    /**
     * The stamps of everything this source looked at so far, each taken before the look, so a
     * file changed meanwhile shows up as changed later, never as unchanged.
     */
    public List<FileStamp> stamps() {
        List<FileStamp> out = new ArrayList<>(stamps.values());
        out.sort(Comparator.comparing(s -> s.path().toString()));
        return out;
    }

    private Path resolve(String path) {
        if (path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../")) {
            throw new IllegalArgumentException("not a relative stack path: " + path);
        }
        return path.isEmpty() ? root : root.resolve(path);
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        Path p = resolve(path);
        stamps.computeIfAbsent(p, q -> FileStamp.of(q, true));
        if (!files.contains(path) || !Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String dir) throws IOException {
        resolve(dir);
        return children.getOrDefault(dir, List.of());
    }

    @Override
    public Optional<SourceKey> treeKey(String path) throws IOException {
        Path d = resolve(path);
        if (!dirs.contains(path) || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String prefix = path.isEmpty() ? "" : path + "/";
        return GitTreeHasher.hashDirectory(d, rel -> {
            String full = prefix + rel;
            if (files.contains(full)) {
                Path f = d.resolve(rel);
                stamps.computeIfAbsent(f, q -> FileStamp.of(q, false));
                return true;
            }
            return dirs.contains(full);
        }).map(SourceKey::tree);
    }

    @Override
    public void exportTree(String path, Path target) throws IOException {
        Path from = resolve(path);
        String prefix = path.isEmpty() ? "" : path + "/";
        List<String> mine = new ArrayList<>();
        for (String f : files) {
            if (f.startsWith(prefix)) {
                mine.add(f.substring(prefix.length()));
            }
        }
        mine.sort(null);
        for (String rel : mine) {
            Path src = from.resolve(rel);
            Path to = target.resolve(rel);
            Files.createDirectories(to.getParent());
            if (Files.isSymbolicLink(src)) {
                Files.createSymbolicLink(to, Files.readSymbolicLink(src));
            } else if (Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(src, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    @Override
    public String describe() {
        return root + " (working tree)";
    }
}
