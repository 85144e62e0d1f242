package dev.hd.builder;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history of a profile link: every switch of the link is a <em>generation</em>, one line
 * appended to the link's log. Rollback reads only that log and swaps the link, so it needs no
 * spec, no git and no build. The format is a contract (docs/generations-and-gc.md), written
 * by the git hooks' shell fast path too:
 * <pre>
 * generations/&lt;k&gt;.log     one line per switch: "&lt;epoch-seconds&gt; &lt;profile-id&gt; &lt;description&gt;"
 * </pre>
 * {@code k} is the first 32 hex digits of the SHA-256 of the link's path with its parent
 * directory resolved to a real path ({@code printf %s "$(cd "$dir" && pwd -P)/profile" |
 * sha256sum | cut -c1-32}). A generation's number is its line number, counting every line;
 * a line that does not parse (torn by a crash) is no generation but keeps its number.
 *
 * <p>Each profile also records when it was last activated: the modification time of its
 * directory, set on every switch to it ({@code touch} does the same from a shell).
 */
public final class Generations {
    private static final Pattern LINE = Pattern.compile("([0-9]{1,18}) ([a-z2-7]{32})(?: (.*))?");
    private static final Pattern ROLLBACK = Pattern.compile("rollback ([0-9]{1,9})(?: .*)?");

    private final Store store;
    private final Profiles profiles;

    public Generations(Store store) {
        this.store = store;
        this.profiles = new Profiles(store);
    }

    /**
     * One generation of a link.
     *
     * @param number       its line number in the log, from 1
     * @param epochSeconds when the link was switched
     * @param profile      the profile the link was switched to
     * @param description  what was switched to: {@code dir <path>}, {@code rev <ref> <commit>},
     *                     {@code rollback <n>}, ... (for people; hd reads only {@code rollback <n>})
     */
    public record Generation(int number, long epochSeconds, ProfileId profile, String description) {
        /** The generation this one rolled back to, when it is a rollback. */
        public OptionalInt rollbackOf() {
            Matcher m = ROLLBACK.matcher(description);
            return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        }
    }

    /** The log key of a link: 32 hex digits of the SHA-256 of its path, the parent resolved to a real path. */
    public static String key(Path link) throws IOException {
        Path abs = link.toAbsolutePath();
        Path parent = abs.getParent();
        String path = parent.toRealPath().resolve(abs.getFileName()).toString();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code name} is the file name of a generation log ({@code <32 hex>.log}). */
    public static boolean isLogName(String name) {
        return name.length() == 36 && name.endsWith(".log") && name.substring(0, 32).chars()
                .allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** The log of {@code link}; empty when its directory does not exist (then it has no history). */
    public Optional<Path> logOf(Path link) {
        try {
            return Optional.of(store.generationLog(key(link)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The link's generations, oldest first (none when it has no log). */
    public List<Generation> list(Path link) throws IOException {
        Optional<Path> log = logOf(link);
        return log.isPresent() ? read(log.get()) : List.of();
    }

    /** The generations in a log file, oldest first; lines that do not parse are skipped. */
    public static List<Generation> read(Path log) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(log);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses log text; a generation's number is its line number. */
    public static List<Generation> parse(String text) {
        List<Generation> out = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            number++;
            Matcher m = LINE.matcher(text.substring(start, end));
            if (m.matches()) {
                out.add(new Generation(number, Long.parseLong(m.group(1)), new ProfileId(m.group(2)),
                        m.group(3) == null ? "" : m.group(3)));
            }
            start = end + 1;
        }
        return out;
    }

    /** {@code dir <path>}: the description of a switch to a stack directory's profile. */
    public static String dirDescription(Path dir) {
        return "dir " + dir.toAbsolutePath().normalize();
    }

    /** {@code rev <ref> <commit>}: the description of a switch to a revision's profile. */
    public static String revDescription(String ref, String commit) {
        return "rev " + ref.replace(' ', '_') + " " + commit;
    }

    /**
     * Points {@code link} at the profile and records the switch: the link is registered as a GC
     * root, swapped atomically (the commit point), then the profile's activation time is set
     * and a generation appended.
     * A crash between can lose the record, never the switch. The caller holds the store lock
     * shared (so GC cannot remove the profile meanwhile).
     */
    public void switchTo(Path link, ProfileId id, String description) throws IOException {
        // the root first: a link that exists is never without one, even after a crash here
        Files.createDirectories(link.toAbsolutePath().getParent());
        profiles.addRoot(link);
        profiles.switchLink(link, id);
        markActivated(id);
        record(link, id, description);
    }

    /** Appends a generation to the link's log (one write of one line, with O_APPEND). */
    public void record(Path link, ProfileId id, String description) throws IOException {
        Path log = store.generationLog(key(link));
        Files.createDirectories(log.getParent());
        String line = (System.currentTimeMillis() / 1000) + " " + id.value() + " "
                + description.replace('\n', ' ').replace('\r', ' ') + "\n";
        if (endsTorn(log)) {
            line = "\n" + line; // a line torn by a crash must not swallow this one: end it first
        }
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** Whether the file's last byte is not a newline (a write cut short). */
    private static boolean endsTorn(Path log) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            return ch.read(last, size - 1) == 1 && last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Sets the profile's last activation to now. */
    public void markActivated(ProfileId id) throws IOException {
        Files.setLastModifiedTime(store.profile(id), FileTime.from(Instant.now()));
    }

    /** When the profile was last activated (made, or switched to); empty when it does not exist. */
    public Optional<Instant> lastActivated(ProfileId id) {
        try {
            return Optional.of(Files.getLastModifiedTime(store.profile(id)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The generation the link is at: the newest whose profile the link points at now. Empty
     * when the link points at none of them (a switch whose record a crash lost, say).
     */
    public static Optional<Generation> current(List<Generation> gens, Optional<ProfileId> linked) {
        if (linked.isEmpty()) {
            return Optional.empty();
        }
        for (int i = gens.size() - 1; i >= 0; i--) {
            if (gens.get(i).profile().equals(linked.get())) {
                return Optional.of(gens.get(i));
            }
        }
        return Optional.empty();
    }

    /** The generation a rollback's target stands for: a rollback to N counts as N, recursively. */
    static int effective(List<Generation> gens, Generation g) {
        Generation at = g;
        for (int guard = 0; guard < gens.size(); guard++) {
            OptionalInt to = at.rollbackOf();
            if (to.isEmpty() || to.getAsInt() >= at.number()) {
                break;
            }
            Optional<Generation> next = byNumber(gens, to.getAsInt());
            if (next.isEmpty()) {
                break;
            }
            at = next.get();
        }
        return at.number();
    }

    static Optional<Generation> byNumber(List<Generation> gens, int n) {
        for (Generation g : gens) {
            if (g.number() == n) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /**
     * Where a rollback of {@code link} goes. Generation {@code n} when given; else the newest
     * generation older than the one the link stands for (after a rollback to N, older than N:
     * rolling back again goes further back, as in Nix) whose profile differs from the linked
     * one and still exists.
     *
     * @throws HdException when there is no such generation, or its profile was collected
     */
    public Generation rollbackTarget(Path link, OptionalInt n) throws HdException, IOException {
        List<Generation> gens = list(link);
        if (gens.isEmpty()) {
            throw new HdException("no generations recorded for " + link,
                    "hd build switches the link and records one; hd log lists them");
        }
        Optional<ProfileId> linked = profiles.current(link);
        if (n.isPresent()) {
            Generation g = byNumber(gens, n.getAsInt()).orElseThrow(() -> new HdException(
                    "no generation " + n.getAsInt() + " of " + link, "hd log" + " lists the generations there are"));
            if (!profiles.exists(g.profile())) {
                throw new HdException("generation " + g.number() + " of " + link + " (" + g.description()
                        + ") is gone: hd gc removed its profile " + g.profile().shortForm(), rebuildHint(g));
            }
            return g;
        }
        Optional<Generation> cur = current(gens, linked);
        int below = cur.isPresent() ? effective(gens, cur.get()) : Integer.MAX_VALUE;
        Generation collected = null;
        for (int i = gens.size() - 1; i >= 0; i--) {
            Generation g = gens.get(i);
            if (g.number() >= below || linked.isPresent() && g.profile().equals(linked.get())) {
                continue;
            }
            if (profiles.exists(g.profile())) {
                return g;
            }
            if (collected == null) {
                collected = g;
            }
        }
        if (collected != null) {
            throw new HdException("no older generation of " + link + " is left: hd gc removed their profiles"
                    + " (the newest was generation " + collected.number() + ", " + collected.description() + ")",
                    rebuildHint(collected));
        }
        throw new HdException("no older generation of " + link + " to roll back to",
                "hd log lists its generations; hd rollback N switches to one of them");
    }

    /**
     * Rolls {@code link} back (see {@link #rollbackTarget}): swaps the link and records
     * {@code rollback <n>}. Takes the store lock shared, so GC cannot remove the profile
     * between the check and the switch.
     *
     * @return the generation switched to
     */
    @SuppressWarnings("try") // the lock is held, not used
    public Generation rollback(Path link, OptionalInt n) throws HdException {
        try (FileLocks.Held lock = FileLocks.shared(store.storeLock())) {
            Generation target = rollbackTarget(link, n);
            switchTo(link, target.profile(), "rollback " + target.number());
            profiles.addRoot(link);
            return target;
        } catch (IOException e) {
            throw new HdException("cannot switch " + link + ": " + e.getMessage(),
                    "check that " + link.toAbsolutePath().getParent() + " and " + store.root() + " are writable", e);
        }
    }

    /** What to run to get a collected generation back. */
    static String rebuildHint(Generation g) {
        String d = g.description();
        if (d.startsWith("dir ")) {
            return "rebuild it with: hd build " + d.substring(4);
        }
        if (d.startsWith("rev ")) {
            String[] f = d.split(" ");
            return "rebuild it with: hd build " + f[f.length - 1] + " (in its stack repository)";
        }
        return "rebuild it with hd build; hd pin keeps a profile from being collected";
    }
}
