package dev.hd.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ref-to-profile map of the store: which profile each commit of a stack repository was
 * built into, a history of what was built for which ref, and — the part the git hooks read
 * from the shell, without a JVM — which profile each stack <em>tree</em> resolves to. Its
 * format is a contract (docs/git.md):
 * <pre>
 * refs/&lt;repo-key&gt;/repo                              the repository's top-level path, one line
 * refs/&lt;repo-key&gt;/stacks/&lt;stack-key&gt;/dir             the stack's directory in it ("." for the top), one line
 * refs/&lt;repo-key&gt;/stacks/&lt;stack-key&gt;/commits/&lt;40-hex&gt; the profile id last built for that commit
 * refs/&lt;repo-key&gt;/stacks/&lt;stack-key&gt;/log             "&lt;epoch-s&gt; &lt;ref or HEAD&gt; &lt;commit&gt; &lt;profile-id&gt;" lines, appended
 * refs/trees/&lt;context-key&gt;/&lt;40-hex tree id&gt;          the profile id a stack directory with that tree resolves to
 * </pre>
 * {@code <repo-key>} is the first 16 hex digits of the SHA-256 of the top-level path (as
 * {@code printf %s "$top" | sha256sum | cut -c1-16} computes it), {@code <stack-key>} the same
 * of the stack directory relative to the top ("" for the top). A stack's profile is decided by
 * the content of its directory — the tree id — together with the machine (platform, HOME):
 * the {@code <context-key>} names that machine part, so one store can serve several. Only
 * builds without {@code k=v} overrides are recorded. Every profile named here is a GC root.
 * An entry is written (tmp + rename) only after its profile exists.
 */
public final class RefMap {
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16}");
    private final Store store;

    public RefMap(Store store) {
        this.store = store;
    }

    /** One line of a stack's log. */
    public record LogEntry(long epochSeconds, String ref, String commit, ProfileId profile) {
    }

    /** The directory key of a repository: 16 hex digits of the SHA-256 of its top-level path. */
    public static String repoKey(String topLevel) {
        return sha256Hex(topLevel).substring(0, 16);
    }

    /** The key of a stack directory within its repository ("" for the top): 16 hex digits of its SHA-256. */
    public static String stackKey(String stackDir) {
        return sha256Hex(stackDir).substring(0, 16);
    }

    /** A context key: 16 hex digits of the SHA-256 of the given parts, each followed by a newline. */
    public static String contextKey(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(p).append('\n');
        }
        return sha256Hex(sb.toString()).substring(0, 16);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code refs/<repo-key>/} of the repository. */
    public Path dir(String topLevel) {
        return store.refsRepo(repoKey(topLevel));
    }

    /** {@code refs/<repo-key>/stacks/<stack-key>/} of one stack of the repository. */
    public Path stackDir(String topLevel, String stackDir) {
        return dir(topLevel).resolve("stacks").resolve(stackKey(stackDir));
    }

    private static String checkId(String id) {
        if (id == null || !OBJECT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a 40-hex object id: " + id);
        }
        return id;
    }

    private static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a 16-hex key: " + key);
        }
        return key;
    }

    /** The profile of the stack at the top of the repository built for {@code commit}: {@link #profileOf(String, String, String)}. */
    public Optional<ProfileId> profileOf(String topLevel, String commit) {
        return profileOf(topLevel, "", commit);
    }

    /**
     * The profile built for {@code commit} of the stack in {@code stackDir} of the repository,
     * when one was recorded and the profile still exists.
     */
    public Optional<ProfileId> profileOf(String topLevel, String stackDir, String commit) {
        return readProfile(stackDir(topLevel, stackDir).resolve("commits").resolve(checkId(commit)));
    }

    /** The profile a stack tree resolves to on the machine {@code context} names, when recorded and it still exists. */
    public Optional<ProfileId> profileOfTree(String context, String tree) {
        return readProfile(store.treeMap(checkKey(context)).resolve(checkId(tree)));
    }

    private Optional<ProfileId> readProfile(Path f) {
        String s;
        try {
            s = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!ProfileId.isValid(s) || !Files.isDirectory(store.profile(new ProfileId(s)))) {
            return Optional.empty();
        }
        return Optional.of(new ProfileId(s));
    }

    /**
     * Registers the stack in {@code stackDir} of the repository (the {@code repo} and
     * {@code dir} files), so the hooks look after its profile link. Idempotent; a few stats
     * when already registered.
     */
    public void registerStack(String topLevel, String stackDir) throws IOException {
        Path stack = stackDir(topLevel, stackDir);
        if (Files.isRegularFile(stack.resolve("dir"))) {
            return;
        }
        Files.createDirectories(stack);
        writeOnce(dir(topLevel).resolve("repo"), topLevel + "\n");
        writeOnce(stack.resolve("dir"), (stackDir.isEmpty() ? "." : stackDir) + "\n");
    }

    /** Records a build of the stack at the top of the repository: {@link #record(String, String, String, String, ProfileId)}. */
    public void record(String topLevel, String ref, String commit, ProfileId profile) throws IOException {
        record(topLevel, "", ref, commit, profile);
    }

    /**
     * Records that {@code commit} of the stack in {@code stackDir} of the repository was built
     * into {@code profile} (which must exist): writes {@code commits/<commit>} atomically, then
     * appends to the stack's log.
     *
     * @param ref the ref it was built for ("refs/heads/main", or "HEAD" on a detached HEAD)
     */
    public void record(String topLevel, String stackDir, String ref, String commit, ProfileId profile) throws IOException {
        checkId(commit);
        requireProfile(profile);
        registerStack(topLevel, stackDir);
        Path stack = stackDir(topLevel, stackDir);
        Path commits = stack.resolve("commits");
        Files.createDirectories(commits);
        writeIfChanged(commits.resolve(commit), profile.value() + "\n");
        String line = (System.currentTimeMillis() / 1000) + " " + (ref == null || ref.isEmpty() ? "HEAD" : ref.replace(' ', '_'))
                + " " + commit + " " + profile.value() + "\n";
        // one write of a short line with O_APPEND: concurrent writers never interleave inside it
        Files.write(stack.resolve("log"), line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Records that a stack directory whose content has git tree id {@code tree} resolves to
     * {@code profile} (which must exist) on the machine {@code context} names.
     */
    public void recordTree(String context, String tree, ProfileId profile) throws IOException {
        checkId(tree);
        requireProfile(profile);
        Path dir = store.treeMap(checkKey(context));
        Files.createDirectories(dir);
        writeIfChanged(dir.resolve(tree), profile.value() + "\n");
    }

    private void requireProfile(ProfileId profile) throws NoSuchFileException {
        if (!Files.isDirectory(store.profile(profile))) {
            throw new NoSuchFileException(store.profile(profile).toString(), null, "no such profile");
        }
    }

    private static void writeOnce(Path f, String content) throws IOException {
        if (!Files.isRegularFile(f)) {
            Fs.writeAtomically(f, tmp(f), content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeIfChanged(Path f, String content) throws IOException {
        try {
            if (Files.readString(f, StandardCharsets.UTF_8).equals(content)) {
                return;
            }
        } catch (IOException e) {
            // absent or unreadable: write it
        }
        Fs.writeAtomically(f, tmp(f), content.getBytes(StandardCharsets.UTF_8));
    }

    private static Path tmp(Path f) {
        return f.resolveSibling("." + f.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** The log of the stack at the top of the repository. */
    public List<LogEntry> log(String topLevel) throws IOException {
        return log(topLevel, "");
    }

    /** The stack's log, oldest first; lines that do not parse are skipped. */
    public List<LogEntry> log(String topLevel, String stackDir) throws IOException {
        List<LogEntry> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(stackDir(topLevel, stackDir).resolve("log"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        }
        for (String l : lines) {
            parseLog(l).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<LogEntry> parseLog(String l) {
        String[] f = l.split(" ");
        if (f.length == 4 && OBJECT_ID.matcher(f[2]).matches() && ProfileId.isValid(f[3])) {
            try {
                return Optional.of(new LogEntry(Long.parseLong(f[0]), f[1], f[2], new ProfileId(f[3])));
            } catch (NumberFormatException e) {
                return Optional.empty(); // a torn line
            }
        }
        return Optional.empty();
    }

    /** The stack directories recorded for the repository ("" for the top), sorted. */
    public List<String> stacks(String topLevel) {
        TreeSet<String> out = new TreeSet<>();
        Path stacks = dir(topLevel).resolve("stacks");
        if (!Files.isDirectory(stacks)) {
            return List.of();
        }
        try (var s = Files.newDirectoryStream(stacks)) {
            for (Path st : s) {
                try {
                    String d = Files.readString(st.resolve("dir"), StandardCharsets.UTF_8).strip();
                    out.add(d.equals(".") ? "" : d);
                } catch (IOException e) {
                    // being written: not a stack yet
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(out);
    }

    /** Every profile named anywhere under {@code refs/} (GC roots): commit and tree entries and log lines. */
    public List<ProfileId> allProfiles() throws IOException {
        TreeSet<ProfileId> out = new TreeSet<>();
        if (!Files.isDirectory(store.refsDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store.refsDir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                try {
                    if (name.equals("log")) {
                        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                            parseLog(l).ifPresent(e -> out.add(e.profile()));
                        }
                    } else if (OBJECT_ID.matcher(name).matches() && Files.isRegularFile(f)) {
                        String s = Files.readString(f, StandardCharsets.UTF_8).strip();
                        if (ProfileId.isValid(s)) {
                            out.add(new ProfileId(s));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                }
            }
        }
        return List.copyOf(out);
    }
}
