package dev.hd.builder.source;

import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import dev.hd.resolver.Source;
import dev.hd.resolver.SourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's archive cache ({@code src/sha256/<hex>}). An archive enters it only after its
 * SHA-256 matched its key: it is downloaded to {@link Store#downloadsDir()} while being hashed,
 * fsync'd, made read-only and renamed into place, so {@code src/} never holds a partial or
 * wrong file, whatever fails and whenever the process dies.
 *
 * <p>Where an archive comes from: the mirrors in order, then its own url. A place that does
 * not have the file (or cannot be reached) is skipped; a place that has a file with the wrong
 * digest stops the fetch with a checksum error naming that place. It does not fall through to
 * the next one: a corrupt mirror or a wrong key must be fixed, not papered over by whichever
 * server happens to answer today.
 *
 * <p>Thread-safe; several processes may share one store (a per-archive lock file keeps two
 * of them from downloading the same archive at once).
 */
public final class SourceCache {
    private static final int BUFFER = 1 << 16;
    /** A keyless partial download older than this, and not locked, is debris of a crash. */
    private static final Duration STALE = Duration.ofMinutes(10);
    /** In-process half of the two-level lock (FileChannel locks are per JVM, not per thread). */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Store store;
    private final List<Mirror> mirrors;
    private final Fetcher fetcher;

    /**
     * @param store   the store whose {@code src/} this caches into
     * @param mirrors searched in this order before an archive's own url
     * @param fetcher reads URLs ({@link Fetcher#standard()} outside tests)
     */
    public SourceCache(Store store, List<Mirror> mirrors, Fetcher fetcher) {
        this.store = Objects.requireNonNull(store, "store");
        this.mirrors = List.copyOf(mirrors);
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /**
     * What one fetch did.
     *
     * @param key  the archive's key
     * @param file the verified archive in the store
     * @param from where it was read from, or {@code null} when it was already cached
     * @param size its size in bytes
     */
    public record Fetched(SourceKey key, Path file, String from, long size) {
        public Fetched {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(file, "file");
        }

        /** Whether the archive was in the cache already (nothing was read). */
        public boolean cached() {
            return from == null;
        }
    }

    /** An archive that could not be fetched, and why. */
    public record Failure(Source.Archive archive, HdException error) {
        public Failure {
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(error, "error");
        }
    }

    /** The outcome of {@link #fetchAll}: one entry per distinct key, in the order first given. */
    public record Report(List<Fetched> fetched, List<Failure> failed) {
        public Report {
            fetched = List.copyOf(fetched);
            failed = List.copyOf(failed);
        }

        public boolean ok() {
            return failed.isEmpty();
        }
    }

    public Store store() {
        return store;
    }

    public List<Mirror> mirrors() {
        return mirrors;
    }

    /** Whether the archive with this key is in the cache (no fetching). */
    public boolean contains(SourceKey key) {
        return Files.isRegularFile(store.archive(key));
    }

    /**
     * The verified archive {@code store.archive(a.key())}, fetched first when missing.
     *
     * @throws HdException no place had it (naming each place tried and why), or a place had
     *                     a file with another digest (naming the place and both digests)
     * @throws IOException the store could not be written
     */
    public Path ensure(Source.Archive a, FetchListener l) throws HdException, IOException {
        return fetch(a, l).file();
    }

    /** Like {@link #ensure} but says whether the archive was cached and where it came from. */
    public Fetched fetch(Source.Archive a, FetchListener l) throws HdException, IOException {
        Objects.requireNonNull(l, "listener");
        SourceKey key = a.key();
        Path target = store.archive(key);
        if (Files.isRegularFile(target)) {
            return new Fetched(key, target, null, Files.size(target));
        }
        Files.createDirectories(store.locksDir());
        Path lockFile = store.archiveLock(key);
        ReentrantLock inProcess = LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lc.lock(); // released when the channel closes
            if (Files.isRegularFile(target)) {
                return new Fetched(key, target, null, Files.size(target));
            }
            return download(a, target, l);
        } finally {
            inProcess.unlock();
        }
    }

    /**
     * Ensures every archive, skipping duplicates, and goes on after a failure so one run
     * reports everything that is missing.
     *
     * @throws IOException the store could not be written (this stops at once)
     */
    public Report fetchAll(List<Source.Archive> archives, FetchListener l) throws IOException {
        Map<SourceKey, Source.Archive> distinct = new LinkedHashMap<>();
        for (Source.Archive a : archives) {
            distinct.putIfAbsent(a.key(), a);
        }
        List<Fetched> ok = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (Source.Archive a : distinct.values()) {
            try {
                ok.add(fetch(a, l));
            } catch (HdException e) {
                failed.add(new Failure(a, e));
            }
        }
        return new Report(ok, failed);
    }

    /**
     * Downloads {@code url} with no key known yet ({@code hd fetch URL}): the file is hashed
     * while it arrives and stored under its digest. Mirrors are not consulted: the point is
     * to learn what the upstream url serves.
     */
    public Fetched fetchUrl(String url, FetchListener l) throws HdException, IOException {
        URI uri = parseUrl(url);
        Files.createDirectories(store.downloadsDir());
        removeStalePartials();
        Path part = Files.createTempFile(store.downloadsDir(), "url-", ".part");
        try {
            Optional<Fetcher.Download> d = fetcher.open(uri);
            if (d.isEmpty()) {
                throw new HdException("cannot fetch " + url + ": not found", "check the URL");
            }
            Transfer t;
            try (Fetcher.Download body = d.get();
                 FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                out.lock(); // marks the partial file as in use for removeStalePartials; released on close
                t = copy(body, url, out, l);
            }
            SourceKey key = SourceKey.sha256(t.hex);
            Path target = store.archive(key);
            publish(part, target);
            return new Fetched(key, target, url, t.size);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The SHA-256 key of a file's content. */
    public static SourceKey hash(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return SourceKey.sha256(HexFormat.of().formatHex(md.digest()));
    }

    // --- the fetch of one keyed archive, under its lock

    private Fetched download(Source.Archive a, Path target, FetchListener l) throws HdException, IOException {
        SourceKey key = a.key();
        Files.createDirectories(store.downloadsDir());
        Path part = store.partialArchive(key);
        // Holding the archive's lock, a partial file can only be left over from a crash.
        Files.deleteIfExists(part);
        List<String> tried = new ArrayList<>();
        try {
            for (Mirror m : mirrors) {
                List<Mirror.Location> locations;
                try {
                    locations = m.locations(key, a.url());
                } catch (IOException e) {
                    String why = "cannot read mirror: " + message(e);
                    l.skipped(m.toString(), why);
                    tried.add(m + ": " + why);
                    continue;
                }
                for (Mirror.Location loc : locations) {
                    Optional<Fetched> f = tryLocation(loc, key, part, target, tried, l, m.toString());
                    if (f.isPresent()) {
                        return f.get();
                    }
                }
            }
            if (a.url() != null && !a.url().isBlank()) {
                URI own;
                try {
                    own = parseUrl(a.url());
                } catch (HdException e) {
                    tried.add(a.url() + ": " + e.getMessage());
                    own = null;
                }
                if (own != null) {
                    Optional<Fetched> f = tryLocation(Mirror.Location.of(own), key, part, target, tried, l, null);
                    if (f.isPresent()) {
                        return f.get();
                    }
                }
            }
        } finally {
            Files.deleteIfExists(part);
        }
        throw notFound(a, tried);
    }

    private Optional<Fetched> tryLocation(Mirror.Location loc, SourceKey key, Path part, Path target,
                                          List<String> tried, FetchListener l, String mirror)
            throws HdException, IOException {
        String where = loc.toString();
        Fetcher.Download d;
        if (loc.file() != null) {
            if (!Files.isRegularFile(loc.file())) {
                tried.add(where + ": not found");
                l.skipped(where, "not found");
                return Optional.empty();
            }
            try {
                d = new Fetcher.Download(Files.newInputStream(loc.file()), Files.size(loc.file()));
            } catch (IOException e) {
                tried.add(where + ": " + message(e));
                l.skipped(where, message(e));
                return Optional.empty();
            }
        } else {
            Optional<Fetcher.Download> od;
            try {
                od = fetcher.open(loc.url());
            } catch (HdException e) {
                String why = reason(e, where);
                tried.add(where + ": " + why);
                l.skipped(where, why);
                return Optional.empty();
            }
            if (od.isEmpty()) {
                tried.add(where + ": not found");
                l.skipped(where, "not found");
                return Optional.empty();
            }
            d = od.get();
        }
        Transfer t;
        try (Fetcher.Download body = d;
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            t = copy(body, where, out, l);
        } catch (HdException e) {
            // The transfer broke off: like an unreachable server, the next place may do better.
            Files.deleteIfExists(part);
            String why = reason(e, where);
            tried.add(where + ": " + why);
            l.skipped(where, why);
            return Optional.empty();
        }
        if (!t.hex.equals(key.digest())) {
            Files.deleteIfExists(part);
            String hint = mirror != null
                    ? "the mirror " + mirror + " holds a different file under that name: remove or replace it there"
                            + " (or fix the key in the spec if that file is the right one)"
                    : "the server sent a different file than the spec's key describes: if upstream re-released the"
                            + " archive, check it and update the key; otherwise try again later or add a mirror";
            throw new HdException("checksum mismatch for " + where + ": expected " + key + ", got sha256:" + t.hex
                    + " (" + t.size + " bytes)", hint);
        }
        publish(part, target);
        return Optional.of(new Fetched(key, target, where, t.size));
    }

    private HdException notFound(Source.Archive a, List<String> tried) {
        String name = Mirror.basename(a.url() == null ? "" : a.url());
        String what = (name == null ? "" : name + " (") + a.key() + (name == null ? "" : ")");
        String hint = "add a mirror that holds the file (--mirror DIR|URL, or a 'mirror =' line in "
                + store.configFile() + "), or fix the url in the spec";
        if (tried.isEmpty()) {
            return new HdException("cannot fetch " + what + ": it has no url and no mirror is configured", hint);
        }
        StringBuilder sb = new StringBuilder("cannot fetch ").append(what).append(", tried:");
        for (String t : tried) {
            sb.append("\n  ").append(t);
        }
        return new HdException(sb.toString(), hint);
    }

    // --- bytes in, digest out

    private record Transfer(String hex, long size) {
    }

    /**
     * Copies the body into {@code out}, hashing as it goes, and forces it to disk.
     *
     * @throws HdException reading the body failed (the source's fault, so the caller may try elsewhere)
     * @throws IOException writing the file failed (the store's fault: stop)
     */
    private static Transfer copy(Fetcher.Download d, String where, FileChannel out, FetchListener l)
            throws HdException, IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[BUFFER];
        long total = d.size();
        long n = 0;
        l.started(where, total);
        try (InputStream in = d.body()) {
            while (true) {
                int r;
                try {
                    r = in.read(buf);
                } catch (IOException e) {
                    throw new HdException("cannot fetch " + where + ": the transfer broke off after " + n
                            + " bytes (" + message(e) + ")", "try again", e);
                }
                if (r < 0) {
                    break;
                }
                md.update(buf, 0, r);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, r);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                n += r;
                l.progress(where, n, total);
            }
        } finally {
            l.done(where);
        }
        out.force(true);
        return new Transfer(HexFormat.of().formatHex(md.digest()), n);
    }

    /**
     * Moves a verified download into the cache: read-only first, then one atomic rename, so
     * the archive never appears writable or partial. When the archive is there already
     * (another process won the race) the download is dropped: same key, same bytes.
     */
    private static void publish(Path part, Path target) throws IOException {
        makeReadOnly(part);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.deleteIfExists(part);
            return;
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(part);
            return;
        }
        syncDirectory(target.getParent());
    }

    private static void makeReadOnly(Path p) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (v != null) {
            v.setPermissions(PosixFilePermissions.fromString("r--r--r--"));
        } else {
            Files.setAttribute(p, "dos:readonly", true);
        }
    }

    /** Makes the rename durable; best effort, as not every filesystem lets a directory be opened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename itself has happened; only its durability across power loss is weaker
        }
    }

    /** Removes keyless partial downloads left by crashed runs: old, and locked by nobody. */
    private void removeStalePartials() throws IOException {
        Instant cutoff = Instant.now().minus(STALE);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(store.downloadsDir(), "url-*.part")) {
            for (Path p : ds) {
                try {
                    FileTime mtime = Files.getLastModifiedTime(p);
                    if (mtime.toInstant().isAfter(cutoff)) {
                        continue;
                    }
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        FileLock lock = ch.tryLock();
                        if (lock == null) {
                            continue;
                        }
                        lock.release();
                    }
                    Files.deleteIfExists(p);
                } catch (OverlappingFileLockException | NoSuchFileException e) {
                    // in use by this process, or removed meanwhile: not debris
                }
            }
        }
    }

    // --- small helpers

    private static URI parseUrl(String url) throws HdException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new HdException("'" + url + "' is not a valid URL: " + e.getReason(),
                    "write it like https://host/path/file.tar.gz or file:///path/file.tar.gz", e);
        }
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https") && !s.equals("file")) {
            throw new HdException("'" + url + "' is not an http:, https: or file: URL",
                    "write it like https://host/path/file.tar.gz or file:///path/file.tar.gz");
        }
        return uri;
    }

    /** The part of a fetch error after "cannot fetch WHERE: ", which the caller already names. */
    private static String reason(HdException e, String where) {
        String m = e.getMessage();
        String prefix = "cannot fetch " + where + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
