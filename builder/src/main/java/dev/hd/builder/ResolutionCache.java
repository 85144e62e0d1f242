package dev.hd.builder;

import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.FileStamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Remembers what a stack directory resolved to — the profile and its artifacts — together
 * with the stamps of every file the resolution read, the way git's index remembers files.
 * While every stamp still matches (one stat each) and every host probe prints the same, the
 * resolution need not be repeated: this is what makes a no-op {@code hd build} take a few
 * stats instead of parsing every spec. Plain text, written atomically; a damaged or foreign
 * entry is simply a miss.
 */
public final class ResolutionCache {
    static final String HEADER = "hd-resolution-cache 1";
    /** Files changed this recently may change again within the clock's resolution unnoticed. */
    static final long RACY_NANOS = 2_000_000_000L;

    private final Store store;

    public ResolutionCache(Store store) {
        this.store = store;
    }

    /** A host probe and a digest of what it printed. */
    public record Probe(String packageName, String command, String outputSha256) {
    }

    /**
     * A cached resolution.
     *
     * @param profile   the profile the stack resolved to
     * @param artifacts every package's artifact (name -> id), all of which must be built
     * @param probes    host probes to re-run: a different output is a miss
     * @param stamps    the files the resolution read
     */
    public record Entry(ProfileId profile, Map<String, ArtifactId> artifacts, List<Probe> probes, List<FileStamp> stamps) {
        public Entry {
            artifacts = Map.copyOf(artifacts);
            probes = List.copyOf(probes);
            stamps = List.copyOf(stamps);
        }
    }

    /** The cache key of a resolution: everything besides the files that decides its result. */
    public static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The entry stored under {@code key}, if any and readable (not yet validated). Parsed by
     * hand from the bytes: this runs on every no-op build, mostly in the interpreter, and
     * {@code readAllLines} + {@code split} cost several times as much.
     */
    public Optional<Entry> read(String key) {
        String text;
        try {
            text = new String(Files.readAllBytes(store.resolutionCache(key)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            if (!text.startsWith(HEADER + "\n")) {
                return Optional.empty();
            }
            ProfileId profile = null;
            Map<String, ArtifactId> artifacts = new TreeMap<>();
            List<Probe> probes = new ArrayList<>();
            List<FileStamp> stamps = new ArrayList<>();
            boolean complete = false;
            int end;
            for (int i = HEADER.length() + 1; i < text.length(); i = end + 1) {
                end = text.indexOf('\n', i);
                if (end < 0) {
                    end = text.length(); // a last line without its newline
                }
                int sp = text.indexOf(' ', i);
                String tag = text.substring(i, sp < 0 || sp > end ? end : sp);
                int rest = sp < 0 || sp > end ? end : sp + 1;
                switch (tag) {
                    case "profile" -> profile = new ProfileId(text.substring(rest, end));
                    case "artifact" -> {
                        int sp2 = text.indexOf(' ', rest);
                        if (sp2 < 0 || sp2 > end) {
                            return Optional.empty();
                        }
                        artifacts.put(text.substring(sp2 + 1, end), new ArtifactId(text.substring(rest, sp2)));
                    }
                    case "probe" -> {
                        String[] f = text.substring(rest, end).split(" ", 3);
                        probes.add(new Probe(f[0], new String(java.util.Base64.getDecoder().decode(f[2]),
                                StandardCharsets.UTF_8), f[1]));
                    }
                    case "stamp" -> stamps.add(FileStamp.parse(text, rest, end));
                    case "end" -> complete = true;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            if (!complete || profile == null) {
                return Optional.empty();
            }
            return Optional.of(new Entry(profile, artifacts, probes, stamps));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether every file of the entry still has its stamp. */
    public static boolean filesUnchanged(Entry e) {
        for (FileStamp s : e.stamps()) {
            if (!s.isCurrent()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores an entry, unless a file it depends on changed so recently that a further change
     * could go unnoticed (then the next run resolves again and caches). Returns whether it wrote.
     */
    public boolean write(String key, Entry e, long nowNanos) throws IOException {
        for (FileStamp s : e.stamps()) {
            if (s.mtimeNanos() > nowNanos - RACY_NANOS || s.ctimeNanos() > nowNanos - RACY_NANOS) {
                return false;
            }
        }
        StringBuilder sb = new StringBuilder(64 * (e.stamps().size() + e.artifacts().size()) + 64);
        sb.append(HEADER).append('\n');
        sb.append("profile ").append(e.profile().value()).append('\n');
        e.artifacts().forEach((name, id) -> sb.append("artifact ").append(id.value()).append(' ').append(name).append('\n'));
        for (Probe p : e.probes()) {
            sb.append("probe ").append(p.packageName()).append(' ').append(p.outputSha256()).append(' ')
                    .append(java.util.Base64.getEncoder().encodeToString(p.command().getBytes(StandardCharsets.UTF_8)))
                    .append('\n');
        }
        for (FileStamp s : e.stamps()) {
            if (s.path().toString().indexOf('\n') >= 0) {
                return false;
            }
            sb.append("stamp ").append(s.toLine()).append('\n');
        }
        sb.append("end\n");
        Path target = store.resolutionCache(key);
        Files.createDirectories(target.getParent());
        // A cache needs no fsync: a torn or lost entry lacks its "end" line and is a miss.
        Path tmp = target.resolveSibling(key + ".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        Files.write(tmp, sb.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** Forgets an entry (e.g. after it proved stale). */
    public void remove(String key) throws IOException {
        Files.deleteIfExists(store.resolutionCache(key));
    }
}
