package dev.hd.builder;

import dev.hd.builder.source.Mirror;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The store's settings ({@code <store>/config}, format in docs/store-config.md): {@code key =
 * value} lines, {@code #} comments, a repeated key for a list. Immutable: {@link #set},
 * {@link #add} and {@link #unset} return a new config, which keeps the comments and the order
 * of the lines it did not touch. Every value is checked when read, so a bad file fails on the
 * first command, naming its line.
 */
public final class StoreConfig {

    /** Says what is wrong with a value, or returns {@code null} when it is fine. */
    @FunctionalInterface
    public interface Check {
        String problem(String value);
    }

    /**
     * A key the config understands.
     *
     * @param name        as written in the file
     * @param list        whether it may be given more than once (each line adds a value)
     * @param check       validates each value
     * @param description one line for docs and {@code hd config}
     */
    public record Key(String name, boolean list, Check check, String description) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(description, "description");
        }
    }

    /** Every known key. Adding a setting is adding a line here (and a line in docs/store-config.md). */
    public static final List<Key> KEYS = List.of(
            new Key("mirror", true, StoreConfig::mirror,
                    "a directory or http(s)/file URL searched for archives before their own url; repeat for more"),
            new Key("build.jobs", false, StoreConfig::positiveInt,
                    "how many packages build at once when -j is not given (default: the number of CPUs)"),
            new Key("gc.keep-generations", false, StoreConfig::nonNegativeInt,
                    "how many old generations of each profile link GC keeps (default 3)"),
            new Key("gc.keep-build-deps", false, StoreConfig::bool,
                    "whether GC keeps the build dependencies of live artifacts (true or false; default true)"));

    /**
     * Older spellings of keys, still read (and understood by every method taking a key name),
     * so that a config file written before the key got its section keeps working. A line
     * written under an old name keeps its text; {@link #set} rewrites it under the new name.
     */
    public static final Map<String, String> ALIASES = Map.of(
            "jobs", "build.jobs",
            "keep-generations", "gc.keep-generations");

    /**
     * One value as the file sets it.
     *
     * @param key   the key's current name (an old name in the file is reported under the new one)
     * @param value the value
     * @param line  the line of the file (1-based)
     */
    public record Setting(String key, String value, int line) {
    }

    /** One line of the file; {@code key} is null for blank lines and comments. */
    private record Line(String text, String key, String value) {
    }

    private final List<Line> lines;

    private StoreConfig(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /** A config with nothing set. */
    public static StoreConfig empty() {
        return new StoreConfig(List.of());
    }

    /** Reads the file; a missing file is an empty config. */
    public static StoreConfig load(Path file) throws HdException, IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return empty();
        }
        return parse(text, file.toString());
    }

    /**
     * Parses config text.
     *
     * @param origin names the text in messages (the file's path)
     * @throws HdException naming {@code origin:line} for an unknown key, a line that is not
     *                     {@code key = value}, a bad value, or a single-valued key given twice
     */
    public static StoreConfig parse(String text, String origin) throws HdException {
        List<Line> out = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        int count = raw.length;
        if (count > 0 && raw[count - 1].isEmpty()) {
            count--;
        }
        for (int i = 0; i < count; i++) {
            String t = raw[i].strip();
            String where = origin + ":" + (i + 1);
            if (t.isEmpty() || t.startsWith("#")) {
                out.add(new Line(raw[i], null, null));
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                throw new HdException(where + ": expected 'key = value', found '" + t + "'",
                        "comments start with '#'; see docs/store-config.md");
            }
            String written = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            Key key = known(written, where);
            String name = key.name();
            check(key, written, value, where);
            if (!key.list()) {
                for (int j = 0; j < out.size(); j++) {
                    if (name.equals(out.get(j).key())) {
                        throw new HdException(where + ": '" + written + "' is set twice (first on line " + (j + 1) + ")",
                                "keep one of the two lines; only list keys (like 'mirror') may repeat");
                    }
                }
            }
            out.add(new Line(raw[i], name, value));
        }
        return new StoreConfig(out);
    }

    /**
     * The key of that name (or of an old name in {@link #ALIASES}), for a name a person typed.
     *
     * @throws HdException "unknown config key", with the known keys and a guess at the one meant
     */
    public static Key keyNamed(String name) throws HdException {
        return known(name, null);
    }

    /** The key of that name (or of an old name in {@link #ALIASES}). */
    public static Optional<Key> key(String name) {
        String canonical = ALIASES.getOrDefault(name, name);
        for (Key k : KEYS) {
            if (k.name().equals(canonical)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The value of a single-valued key (for a list key, its last value). */
    public Optional<String> get(String key) {
        List<String> all = getAll(key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every value of a key, in file order. */
    public List<String> getAll(String key) {
        String name = requireKnown(key);
        List<String> vs = new ArrayList<>();
        for (Line l : lines) {
            if (name.equals(l.key())) {
                vs.add(l.value());
            }
        }
        return List.copyOf(vs);
    }

    /** An integer setting; its check ran at parse time, so it parses. */
    public OptionalInt getInt(String key) {
        Optional<String> v = get(key);
        return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.get()));
    }

    /** A boolean setting ({@code true} or {@code false}). */
    public Optional<Boolean> getBoolean(String key) {
        return get(key).map(Boolean::parseBoolean);
    }

    /** Every value the file sets, in file order. */
    public List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.key() != null) {
                out.add(new Setting(l.key(), l.value(), i + 1));
            }
        }
        return List.copyOf(out);
    }

    /** The {@code mirror} lines, in order. */
    public List<String> mirrors() {
        return getAll("mirror");
    }

    /**
     * Sets a key to one value: the first line of that key is rewritten in place (under the
     * key's current name, should it have been written under an old one), any further ones
     * dropped; a key not yet set is appended.
     */
    public StoreConfig set(String keyName, String value) throws HdException {
        Key key = known(keyName, null);
        String name = key.name();
        String v = value.strip();
        check(key, key.name(), v, null);
        List<Line> out = new ArrayList<>();
        boolean done = false;
        for (Line l : lines) {
            if (name.equals(l.key())) {
                if (!done) {
                    out.add(new Line(name + " = " + v, name, v));
                    done = true;
                }
            } else {
                out.add(l);
            }
        }
        if (!done) {
            out.add(new Line(name + " = " + v, name, v));
        }
        return new StoreConfig(out);
    }

    /** Appends a value to a list key (such as {@code mirror}). */
    public StoreConfig add(String keyName, String value) throws HdException {
        Key key = known(keyName, null);
        String name = key.name();
        if (!key.list()) {
            throw new HdException("'" + name + "' holds one value, it cannot be added to",
                    "set it instead: hd config set " + name + " VALUE");
        }
        String v = value.strip();
        check(key, key.name(), v, null);
        List<Line> out = new ArrayList<>(lines);
        out.add(new Line(name + " = " + v, name, v));
        return new StoreConfig(out);
    }

    /** Removes every line of a key. */
    public StoreConfig unset(String keyName) throws HdException {
        String name = known(keyName, null).name();
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (!name.equals(l.key())) {
                out.add(l);
            }
        }
        return new StoreConfig(out);
    }

    /** The file's text. */
    public String text() {
        return lines.stream().map(Line::text).map(s -> s + "\n").collect(Collectors.joining());
    }

    /** Writes the file atomically: a temp file beside it, fsync'd, renamed over it. */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
        try {
            Files.writeString(tmp, text(), StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreConfig c && c.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }

    // --- checks

    private static Key known(String name, String where) throws HdException {
        Optional<Key> k = key(name);
        if (k.isPresent()) {
            return k.get();
        }
        String names = KEYS.stream().map(Key::name).collect(Collectors.joining(", "));
        String near = nearest(name);
        throw new HdException((where == null ? "unknown config key '" : where + ": unknown key '") + name
                + "' (known keys: " + names + ")",
                near == null ? "see docs/store-config.md" : "did you mean '" + near + "'?");
    }

    private static String requireKnown(String name) {
        return key(name).orElseThrow(() -> new IllegalArgumentException("no config key " + name)).name();
    }

    /**
     * @param written the key as the user wrote it (an old name stays old in messages)
     * @param where   {@code file:line}, or {@code null} for a value given on the command line
     */
    private static void check(Key key, String written, String value, String where) throws HdException {
        String at = where == null ? "" : where + ": ";
        if (value.isEmpty()) {
            throw new HdException(at + "'" + written + "' needs a value", key.name() + ": " + key.description());
        }
        String problem = key.check().problem(value);
        if (problem != null) {
            throw new HdException(at + written + " " + problem + ", found '" + value + "'",
                    key.name() + ": " + key.description());
        }
    }

    private static String mirror(String v) {
        String p = Mirror.problem(v);
        return p == null ? null : "is not usable (" + p + ")";
    }

    private static String positiveInt(String v) {
        return v.matches("[0-9]{1,9}") && Integer.parseInt(v) > 0 ? null : "must be a positive whole number";
    }

    private static String nonNegativeInt(String v) {
        return v.matches("[0-9]{1,9}") ? null : "must be a whole number (0 or more)";
    }

    private static String bool(String v) {
        return v.equals("true") || v.equals("false") ? null : "must be true or false";
    }

    /** The known key closest to a misspelt one, when it is close enough to be a guess. */
    private static String nearest(String name) {
        return dev.hd.resolver.Suggestions.nearest(name, KEYS.stream().map(Key::name).toList(),
                Math.max(2, name.length() / 3));
    }
}
