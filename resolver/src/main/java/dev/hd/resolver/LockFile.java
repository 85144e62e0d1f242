package dev.hd.resolver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code stack.lock}: the commit each floating git source ({@code branch:}/{@code tag:}) of a
 * stack stands for, written by {@code hd lock} and committed with the stack. While a stack
 * has a lock file, its floating sources resolve to the locked commits, never to a mirror's
 * branch tip; a floating source the lock does not name, and a lock entry no source uses, are
 * errors naming both files (the spec and the lock disagree: hd never silently picks one).
 *
 * <p>The text is deterministic: entries sorted by url then ref, one layout, so locking an
 * unchanged stack rewrites nothing and the file diffs cleanly in git.
 */
public final class LockFile {
    /** The lock file's name, next to {@code stack.yaml}. */
    public static final String FILE = "stack.lock";
    static final int FORMAT = 1;
    private static final List<String> KEYS = List.of("version", "git");
    private static final List<String> ENTRY_KEYS = List.of("url", "branch", "tag", "commit");

    /**
     * One locked source.
     *
     * @param url    the upstream repository, as the spec writes it
     * @param ref    "branch:NAME" or "tag:NAME"
     * @param commit the 40-hex commit
     * @param loc    where the entry is in the lock file (for messages; not compared)
     */
    public record Entry(String url, String ref, String commit, SpecLocation loc) {
        public Entry {
            if (!ref.startsWith("branch:") && !ref.startsWith("tag:")) {
                throw new IllegalArgumentException("not a floating ref: " + ref);
            }
            SourceKey.git(commit);
        }

        String id() {
            return url + "\0" + ref;
        }
    }

    private final Map<String, Entry> entries;

    private LockFile(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The entries, sorted by url then ref. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(ORDER);
        return out;
    }

    /** The locked commit of a floating source, if the lock names it. */
    public Optional<Entry> get(String url, String ref) {
        return Optional.ofNullable(entries.get(url + "\0" + ref));
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::url).thenComparing(Entry::ref);

    /**
     * The stack's lock file, if it has one.
     *
     * @throws SpecException when the file is malformed (with its line and column)
     */
    public static Optional<LockFile> read(SpecSource src) throws SpecException {
        byte[] bytes;
        try {
            bytes = src.read(FILE).orElse(null);
        } catch (IOException e) {
            throw new SpecException(SpecLocation.ofFile(FILE), "cannot read: " + e.getMessage(), null);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(parse(bytes));
    }

    static LockFile parse(byte[] bytes) throws SpecException {
        YNode root = YamlReader.parse(FILE, bytes);
        if (root instanceof YNode.Scalar s && s.isNull()) {
            return new LockFile(Map.of());
        }
        YNode.Mapping m = Fields.map(root, "the lock file");
        Fields.allowKeys(m, FILE, KEYS);
        if (m.has("version")) {
            YNode.Scalar v = Fields.scalar(m.get("version"), "'version'");
            if (!String.valueOf(FORMAT).equals(v.value())) {
                throw new SpecException(v.loc(), "lock file version " + v.value() + " is not known to this hd (it knows "
                        + FORMAT + ")", "a newer hd wrote it: update hd, or run 'hd lock' to rewrite it");
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (m.has("git")) {
            for (YNode item : Fields.list(m.get("git"), "'git'").items()) {
                YNode.Mapping e = Fields.map(item, "a lock entry");
                Fields.allowKeys(e, "a lock entry", ENTRY_KEYS);
                String url = required(e, "url");
                String commit = required(e, "commit");
                boolean branch = e.has("branch");
                if (branch == e.has("tag")) {
                    throw new SpecException(e.loc(), "a lock entry needs exactly one of 'branch:' or 'tag:'", null);
                }
                String ref = branch ? "branch:" + required(e, "branch") : "tag:" + required(e, "tag");
                YNode.Scalar c = (YNode.Scalar) e.get("commit");
                try {
                    SourceKey.git(commit);
                } catch (IllegalArgumentException ex) {
                    throw new SpecException(c.loc(), "'" + commit + "' is not a commit id (40 lowercase hex digits)",
                            "run 'hd lock' to rewrite the lock file");
                }
                Entry en = new Entry(url, ref, commit, e.loc());
                Entry twice = entries.putIfAbsent(en.id(), en);
                if (twice != null) {
                    throw new SpecException(e.loc(), "the lock file names " + describe(url, ref) + " twice (also at "
                            + twice.loc() + ")", "run 'hd lock' to rewrite it");
                }
            }
        }
        return new LockFile(entries);
    }

    private static String required(YNode.Mapping m, String key) throws SpecException {
        if (!m.has(key)) {
            throw new SpecException(m.loc(), "a lock entry needs '" + key + ":'", "run 'hd lock' to rewrite the lock file");
        }
        String v = Fields.string(m.get(key), "'" + key + "'");
        if (v == null || v.isEmpty()) {
            throw new SpecException(m.get(key).loc(), "'" + key + ":' is empty", null);
        }
        return v;
    }

    /**
     * The lock file of a resolved stack: every floating git source with the commit it resolved
     * to, in the deterministic layout.
     */
    public static String format(ResolvedStack rs) {
        return format(entriesOf(rs));
    }

    /** Every floating git source of a resolved stack with the commit it resolved to, sorted. */
    public static List<Entry> entriesOf(ResolvedStack rs) {
        Map<String, Entry> entries = new TreeMap<>();
        for (ResolvedPackage p : rs.packages()) {
            for (Source s : p.sources()) {
                if (s instanceof Source.Git g && g.ref() != null) {
                    Entry e = new Entry(g.url(), g.ref(), g.commit(), null);
                    entries.putIfAbsent(e.id(), e);
                }
            }
        }
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(ORDER);
        return out;
    }

    /** The text of a lock file holding {@code entries}. */
    public static String format(Collection<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        StringBuilder sb = new StringBuilder(256);
        sb.append("# The commit each floating git source (branch: or tag:) of this stack stands for.\n");
        sb.append("# Written by 'hd lock' (run it again after 'hd fetch' to move on); commit it with the stack.\n");
        sb.append("version: ").append(FORMAT).append('\n');
        if (sorted.isEmpty()) {
            sb.append("git: []\n");
            return sb.toString();
        }
        sb.append("git:\n");
        for (Entry e : sorted) {
            sb.append("  - url: ").append(quote(e.url())).append('\n');
            int colon = e.ref().indexOf(':');
            sb.append("    ").append(e.ref(), 0, colon).append(": ").append(quote(e.ref().substring(colon + 1))).append('\n');
            sb.append("    commit: ").append(e.commit()).append('\n');
        }
        return sb.toString();
    }

    /** "branch main of URL", for messages. */
    public static String describe(String url, String ref) {
        int colon = ref.indexOf(':');
        return ref.substring(0, colon) + " " + ref.substring(colon + 1) + " of " + url;
    }

    /** A YAML scalar: single-quoted, so no URL or ref name can mean anything else. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * {@code src} without its lock file: what {@code hd lock} resolves, so that it writes the
     * commits the sources stand for now, not the ones locked before.
     */
    public static SpecSource without(SpecSource src) {
        return new SpecSource() {
            @Override
            public Optional<byte[]> read(String path) throws IOException {
                return path.equals(FILE) ? Optional.empty() : src.read(path);
            }

            @Override
            public List<String> list(String dir) throws IOException {
                List<String> l = src.list(dir);
                if (dir.isEmpty() && l.contains(FILE)) {
                    l = new ArrayList<>(l);
                    l.remove(FILE);
                }
                return l;
            }

            @Override
            public Optional<SourceKey> treeKey(String path) throws IOException {
                return src.treeKey(path);
            }

            @Override
            public void exportTree(String path, Path target) throws IOException {
                src.exportTree(path, target);
            }

            @Override
            public String describe() {
                return src.describe();
            }
        };
    }
}
