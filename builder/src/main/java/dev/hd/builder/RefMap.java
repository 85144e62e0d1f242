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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The ref-to-profile map of the store: which profile each commit of a stack repository was
 * built into, and a history of what was built for which ref. The git hooks read it from the
 * shell (no JVM), so its format is a contract (docs/git.md):
 * <pre>
 * refs/&lt;repo-key&gt;/repo                    the repository's top-level path, one line
 * refs/&lt;repo-key&gt;/commits/&lt;40-hex&gt;       the profile id built for that commit (no k=v overrides)
 * refs/&lt;repo-key&gt;/log                     "&lt;epoch-s&gt; &lt;ref or HEAD&gt; &lt;commit&gt; &lt;profile-id&gt;" lines, appended
 * </pre>
 * {@code <repo-key>} is the first 16 hex digits of the SHA-256 of the top-level path, as
 * {@code printf %s "$top" | sha256sum | cut -c1-16} computes it. Every profile named here is a
 * GC root. A commit entry is written (tmp + rename) only after its profile exists.
 */
public final class RefMap {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private final Store store;

    public RefMap(Store store) {
        this.store = store;
    }

    /** One line of a repository's log. */
    public record LogEntry(long epochSeconds, String ref, String commit, ProfileId profile) {
    }

    /** The directory key of a repository: 16 hex digits of the SHA-256 of its top-level path. */
    public static String repoKey(String topLevel) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(topLevel.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code refs/<repo-key>/} of the repository. */
    public Path dir(String topLevel) {
        return store.refsRepo(repoKey(topLevel));
    }

    private static String checkCommit(String commit) {
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("not a 40-hex commit id: " + commit);
        }
        return commit;
    }

    /**
     * The profile built for {@code commit} of the repository, when one was recorded and the
     * profile still exists.
     */
    public Optional<ProfileId> profileOf(String topLevel, String commit) {
        Path f = dir(topLevel).resolve("commits").resolve(checkCommit(commit));
        String s;
        try {
            s = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!ProfileId.isValid(s) || !Files.isDirectory(store.profile(new ProfileId(s)))) {
            return Optional.empty();
        }
        return Optional.of(new ProfileId(s));
    }

    /**
     * Records that {@code commit} of the repository was built into {@code profile} (which must
     * exist): writes {@code commits/<commit>} atomically, then appends to the log.
     *
     * @param ref the ref it was built for ("refs/heads/main", or "HEAD" on a detached HEAD)
     */
    public void record(String topLevel, String ref, String commit, ProfileId profile) throws IOException {
        checkCommit(commit);
        if (!Files.isDirectory(store.profile(profile))) {
            throw new NoSuchFileException(store.profile(profile).toString(), null, "no such profile");
        }
        Path dir = dir(topLevel);
        Path commits = dir.resolve("commits");
        Files.createDirectories(commits);
        Path repoFile = dir.resolve("repo");
        byte[] top = (topLevel + "\n").getBytes(StandardCharsets.UTF_8);
        if (!Files.isRegularFile(repoFile)) {
            Fs.writeAtomically(repoFile, tmp(dir, "repo"), top);
        }
        Path entry = commits.resolve(commit);
        String want = profile.value() + "\n";
        boolean same;
        try {
            same = Files.readString(entry, StandardCharsets.UTF_8).equals(want);
        } catch (IOException e) {
            same = false;
        }
        if (!same) {
            Fs.writeAtomically(entry, tmp(commits, commit), want.getBytes(StandardCharsets.UTF_8));
        }
        appendLog(topLevel, ref == null || ref.isEmpty() ? "HEAD" : ref.replace(' ', '_'), commit, profile);
    }

    private void appendLog(String topLevel, String ref, String commit, ProfileId profile) throws IOException {
        String line = (System.currentTimeMillis() / 1000) + " " + ref + " " + commit + " " + profile.value() + "\n";
        // one write of a short line with O_APPEND: concurrent writers never interleave inside it
        Files.write(dir(topLevel).resolve("log"), line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static Path tmp(Path dir, String name) {
        return dir.resolve("." + name + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** The repository's log, oldest first; lines that do not parse are skipped. */
    public List<LogEntry> log(String topLevel) throws IOException {
        List<LogEntry> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir(topLevel).resolve("log"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        }
        for (String l : lines) {
            String[] f = l.split(" ");
            if (f.length == 4 && COMMIT.matcher(f[2]).matches() && ProfileId.isValid(f[3])) {
                try {
                    out.add(new LogEntry(Long.parseLong(f[0]), f[1], f[2], new ProfileId(f[3])));
                } catch (NumberFormatException e) {
                    // a torn line: skip
                }
            }
        }
        return out;
    }

    /** Every profile named anywhere under {@code refs/} (GC roots). */
    public List<ProfileId> allProfiles() throws IOException {
        List<ProfileId> out = new ArrayList<>();
        if (!Files.isDirectory(store.refsDir())) {
            return out;
        }
        try (var repos = Files.newDirectoryStream(store.refsDir())) {
            for (Path repo : repos) {
                Path commits = repo.resolve("commits");
                if (Files.isDirectory(commits)) {
                    try (var entries = Files.newDirectoryStream(commits)) {
                        for (Path e : entries) {
                            if (!COMMIT.matcher(e.getFileName().toString()).matches()) {
                                continue;
                            }
                            try {
                                String s = Files.readString(e, StandardCharsets.UTF_8).strip();
                                if (ProfileId.isValid(s)) {
                                    out.add(new ProfileId(s));
                                }
                            } catch (IOException ex) {
                                // vanished meanwhile
                            }
                        }
                    }
                }
                Path log = repo.resolve("log");
                if (Files.isRegularFile(log)) {
                    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                        String[] f = l.split(" ");
                        if (f.length == 4 && ProfileId.isValid(f[3])) {
                            out.add(new ProfileId(f[3]));
                        }
                    }
                }
            }
        }
        return out.stream().distinct().sorted().toList();
    }
}
