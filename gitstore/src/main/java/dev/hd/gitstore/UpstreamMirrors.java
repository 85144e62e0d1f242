package dev.hd.gitstore;

import dev.hd.resolver.FileStamp;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The bare mirrors of upstream git repositories ({@code src/git/<key>.git} of the store):
 * fetching them, resolving a branch or tag to a commit without the network, asking
 * upstream where a ref is now ({@code hd fetch --check}), and writing a commit's tree into
 * a build directory.
 *
 * <p>A mirror holds upstream's branches and tags ({@code refs/heads/*}, {@code refs/tags/*},
 * pruned like {@code git fetch --prune}) plus one ref {@code refs/hd/keep/<commit>} for
 * every commit hd used, so a commit that upstream rewrote away stays available; hd never
 * runs {@code gc} in a mirror ({@code gc.auto = 0}). Refs are written with git's lock-file
 * protocol, and fetches of one mirror are serialised by a lock file, so several hd
 * processes can share a store.
 *
 * <p>Submodules are refused: a commit whose tree holds a gitlink cannot be exported (see
 * docs/upstream.md).
 */
public final class UpstreamMirrors {
    /** Where hd's own refs live in a mirror; never fetched into or pruned. */
    static final String KEEP_PREFIX = "refs/hd/keep/";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Function<String, Path> mirrorOf;
    private final Function<String, Path> lockOf;

    /**
     * @param mirrorOf the mirror directory for a mirror key ({@link #mirrorKey}); the store decides
     * @param lockOf   the lock file serialising fetches into that mirror
     */
    public UpstreamMirrors(Function<String, Path> mirrorOf, Function<String, Path> lockOf) {
        this.mirrorOf = mirrorOf;
        this.lockOf = lockOf;
    }

    /** What one fetch did. */
    public record Fetched(String url, Path mirror, boolean created, Map<String, String> updated) {
        public Fetched {
            updated = Map.copyOf(updated);
        }
    }

    /**
     * The name of a URL's mirror: readable (the URL's last segments) and unique (a digest of
     * the whole URL), e.g. {@code example.org-foo-3k2m...}. Only a trailing '/' is ignored:
     * two spellings of one repository get two mirrors, which costs space, never correctness.
     */
    public static String mirrorKey(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String readable = u.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("^[^@/]*@", "")
                .replaceAll("\\.git$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[-.]+|-+$", "");
        if (readable.length() > 40) {
            readable = readable.substring(readable.length() - 40).replaceAll("^[-.]+", "");
        }
        String digest = sha256(u).substring(0, 16);
        return readable.isEmpty() ? digest : readable + "-" + digest;
    }

    /** The mirror directory of {@code url}. */
    public Path mirror(String url) {
        return mirrorOf.apply(mirrorKey(url));
    }

    /** Whether {@code url} has a mirror yet. */
    public boolean exists(String url) {
        return Files.isRegularFile(mirror(url).resolve(Constants.HEAD));
    }

    // ------------------------------------------------------------------ fetching

    /**
     * Creates or updates the mirror of {@code url}: every branch and tag, pruned.
     *
     * @throws HdException when upstream cannot be reached or is no git repository
     */
    public Fetched fetch(String url) throws HdException {
        IsolatedGitConfig.install();
        Path dir = mirror(url);
        try (Locked l = lock(url)) {
            boolean created = !exists(url);
            Path into = dir;
            if (created) {
                // a new mirror appears complete or not at all: fetched beside, then renamed
                into = dir.resolveSibling(dir.getFileName() + ".tmp-" + UUID.randomUUID());
                Files.createDirectories(into.getParent());
                try (Git g = Git.init().setBare(true).setDirectory(into.toFile()).call()) {
                    StoredConfig c = g.getRepository().getConfig();
                    c.setInt("gc", null, "auto", 0);
                    c.setInt("gc", null, "autopacklimit", 0);
                    c.setString("hd", null, "url", url);
                    c.save();
                }
            }
            Map<String, String> updated = new TreeMap<>();
            try (Repository r = open(into)) {
                FetchResult res = Git.wrap(r).fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"),
                        new RefSpec("+refs/tags/*:refs/tags/*")).setRemoveDeletedRefs(true)
                        .setTagOpt(TagOpt.NO_TAGS).call();
                Collection<TrackingRefUpdate> ups = res.getTrackingRefUpdates();
                for (TrackingRefUpdate u : ups) {
                    updated.put(u.getLocalName(), u.getNewObjectId().name());
                }
            } catch (GitAPIException | RuntimeException e) {
                if (created) {
                    deleteQuietly(into);
                }
                throw fetchFailed(url, e);
            }
            if (created) {
                Files.move(into, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new Fetched(url, dir, created, updated);
        } catch (IOException | GitAPIException e) {
            throw new HdException("cannot write the mirror " + dir + " of " + url + ": " + e.getMessage(),
                    "check that the store is writable", e);
        }
    }

    private static HdException fetchFailed(String url, Exception e) {
        String why = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().equals(why)) {
                why = why + ": " + t.getMessage();
                break;
            }
        }
        if (e instanceof InvalidRemoteException) {
            return new HdException("cannot fetch " + url + ": not a git repository URL (" + why + ")",
                    "check the 'git:'/'url:' of the source", e);
        }
        return new HdException("cannot fetch " + url + ": " + why, e instanceof TransportException
                ? "check the URL and the network; once fetched ('hd fetch'), builds need no network"
                : null, e);
    }

    /**
     * Makes sure the mirror holds {@code commit}: fetches when it does not (which needs the
     * network), then keeps the commit ({@code refs/hd/keep/<commit>}).
     *
     * @throws HdException naming the repository and the commit when it cannot be had
     */
    public void ensureCommit(String url, String commit) throws HdException {
        if (!hasCommit(url, commit)) {
            try {
                fetch(url);
            } catch (HdException e) {
                throw new HdException("commit " + commit + " of " + url + " is not in the mirror " + mirror(url)
                        + ", and fetching it failed: " + e.getMessage(),
                        "connect to the network and run 'hd fetch' (or pin a commit the mirror has)", e);
            }
            if (!hasCommit(url, commit)) {
                throw new HdException("commit " + commit + " is not in " + url + " (fetched all its branches and tags"
                        + " into " + mirror(url) + ")", "check the key: git:<commit> of the source; a commit"
                        + " reachable from no branch or tag cannot be fetched");
            }
        }
        keep(url, commit);
    }

    /** Whether the mirror exists and holds the commit (no network). */
    public boolean hasCommit(String url, String commit) throws HdException {
        if (!exists(url)) {
            return false;
        }
        try (Repository r = open(mirror(url)); RevWalk w = new RevWalk(r)) {
            w.parseCommit(ObjectId.fromString(commit));
            return true;
        } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return false;
        } catch (IOException e) {
            throw unreadable(url, e);
        }
    }

    /** Records that hd used {@code commit}, so a later pruning fetch cannot lose it. */
    public void keep(String url, String commit) throws HdException {
        try (Repository r = open(mirror(url))) {
            String name = KEEP_PREFIX + commit;
            if (r.exactRef(name) != null) {
                return;
            }
            RefUpdate u = r.updateRef(name);
            u.setNewObjectId(ObjectId.fromString(commit));
            u.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result res = u.update();
            if (res != RefUpdate.Result.NEW && res != RefUpdate.Result.NO_CHANGE && res != RefUpdate.Result.LOCK_FAILURE) {
                throw new IOException("updating " + name + ": " + res);
            }
        } catch (IOException e) {
            throw unreadable(url, e);
        }
    }

    // ------------------------------------------------------------------ refs

    /**
     * Where a floating ref points in the mirror, read without the network: empty when there is
     * no mirror or the mirror has no such ref.
     *
     * @param ref "branch:NAME" or "tag:NAME"
     */
    public Optional<String> localRef(String url, String ref) throws HdException {
        if (!exists(url)) {
            return Optional.empty();
        }
        try (Repository r = open(mirror(url))) {
            Ref found = r.exactRef(refName(ref));
            if (found == null) {
                return Optional.empty();
            }
            return Optional.of(peel(r, found.getObjectId(), url, ref));
        } catch (IOException e) {
            throw unreadable(url, e);
        }
    }

    /**
     * The files a read of {@code ref} in the mirror depends on (the loose ref, packed-refs,
     * HEAD), stamped now: while they are unchanged, {@link #localRef} gives the same answer.
     */
    public List<FileStamp> refStamps(String url, String ref) {
        Path m = mirror(url);
        List<FileStamp> out = new ArrayList<>();
        out.add(FileStamp.of(m.resolve(Constants.HEAD), true));
        out.add(FileStamp.of(m.resolve(Constants.PACKED_REFS), true));
        out.add(FileStamp.of(m.resolve(refName(ref)), true));
        return out;
    }

    /**
     * Where a floating ref is upstream now ({@code git ls-remote}); empty when upstream has no
     * such branch or tag.
     *
     * @throws HdException when upstream cannot be reached
     */
    public Optional<String> remoteRef(String url, String ref) throws HdException {
        IsolatedGitConfig.install();
        String name = refName(ref);
        try {
            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url).setHeads(ref.startsWith("branch:"))
                    .setTags(ref.startsWith("tag:")).call();
            ObjectId direct = null;
            ObjectId peeled = null;
            for (Ref r : refs) {
                if (r.getName().equals(name)) {
                    direct = r.getObjectId();
                    peeled = r.getPeeledObjectId();
                }
            }
            if (direct == null) {
                return Optional.empty();
            }
            return Optional.of((peeled != null ? peeled : direct).name());
        } catch (GitAPIException | RuntimeException e) {
            throw fetchFailed(url, e);
        }
    }

    /** "branch:main" -> "refs/heads/main", "tag:v1" -> "refs/tags/v1". */
    static String refName(String ref) {
        if (ref.startsWith("branch:")) {
            return Constants.R_HEADS + ref.substring("branch:".length());
        }
        if (ref.startsWith("tag:")) {
            return Constants.R_TAGS + ref.substring("tag:".length());
        }
        throw new IllegalArgumentException("not a floating ref: " + ref);
    }

    private static String peel(Repository r, ObjectId id, String url, String ref) throws IOException {
        try (RevWalk w = new RevWalk(r)) {
            var obj = w.peel(w.parseAny(id));
            if (!(obj instanceof RevCommit)) {
                throw new IOException(ref + " of " + url + " points at a " + Constants.typeString(obj.getType())
                        + ", not a commit");
            }
            return obj.name();
        }
    }

    // ------------------------------------------------------------------ export

    /**
     * Writes the tree of {@code commit} into {@code target} (which exists and is empty):
     * files with their executable bit, symbolic links as links. Fetches the commit first when
     * the mirror lacks it.
     *
     * @throws HdException when the commit cannot be had, or its tree holds a submodule, a path
     *                     that is not safe to write, or a link leading outside the tree
     */
    public void export(String url, String commit, Path target) throws HdException, IOException {
        ensureCommit(url, commit);
        try (Repository r = open(mirror(url)); ObjectReader reader = r.newObjectReader(); RevWalk w = new RevWalk(reader);
                TreeWalk tw = new TreeWalk(reader)) {
            RevCommit c = w.parseCommit(ObjectId.fromString(commit));
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String path = tw.getPathString();
                checkPath(url, commit, path);
                FileMode mode = tw.getFileMode(0);
                Path to = target.resolve(path);
                Files.createDirectories(to.getParent());
                if (mode == FileMode.GITLINK) {
                    throw new HdException("commit " + commit.substring(0, 12) + " of " + url + " has a submodule at '"
                            + path + "' (commit " + tw.getObjectId(0).name().substring(0, 12)
                            + "): hd does not fetch submodules",
                            "add the submodule's repository as another source of the package (git: URL, key: git:<commit>,"
                                    + " target: " + path + "); see docs/upstream.md");
                }
                byte[] bytes = reader.open(tw.getObjectId(0)).getBytes();
                if (mode == FileMode.SYMLINK) {
                    String link = new String(bytes, StandardCharsets.UTF_8);
                    checkLink(url, commit, path, link);
                    Files.createSymbolicLink(to, Path.of(link));
                } else {
                    try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                        out.write(bytes);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        Set<PosixFilePermission> p = EnumSet.copyOf(Files.getPosixFilePermissions(to));
                        p.add(PosixFilePermission.OWNER_EXECUTE);
                        p.add(PosixFilePermission.GROUP_EXECUTE);
                        p.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(to, p);
                    }
                }
            }
        }
    }

    private static void checkPath(String url, String commit, String path) throws HdException {
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.equalsIgnoreCase(Constants.DOT_GIT)) {
                throw new HdException("commit " + commit + " of " + url + " has the path '" + path
                        + "', which hd will not write", "such a tree is damaged or hostile: check the repository");
            }
        }
    }

    private static void checkLink(String url, String commit, String path, String link) throws HdException {
        int depth = path.split("/").length - 1;
        boolean escapes = link.startsWith("/");
        for (String seg : link.split("/")) {
            if (seg.equals("..")) {
                depth--;
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                depth++;
            }
            escapes |= depth < 0;
        }
        if (escapes) {
            throw new HdException("commit " + commit.substring(0, 12) + " of " + url + " has a symbolic link '" + path
                    + "' -> '" + link + "' leading outside the tree", "hd refuses such links, as in archives");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Repository open(Path dir) throws IOException {
        IsolatedGitConfig.install();
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).setBare().build();
    }

    private HdException unreadable(String url, IOException e) {
        return new HdException("cannot read the mirror " + mirror(url) + " of " + url + ": " + e.getMessage(),
                "remove the mirror directory and run 'hd fetch' to make it again", e);
    }

    /** A held fetch lock: in-process first (the JVM owns POSIX locks per process), then the file. */
    private record Locked(ReentrantLock local, FileChannel channel, FileLock file) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                file.release();
                channel.close();
            } finally {
                local.unlock();
            }
        }
    }

    private Locked lock(String url) throws IOException {
        Path lockFile = lockOf.apply(mirrorKey(url)).toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Locked(local, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a half-made mirror beside the real one is never read (its name has .tmp-)
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
