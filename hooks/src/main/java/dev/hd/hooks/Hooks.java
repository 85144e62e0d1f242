package dev.hd.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Installs, reports and removes hd's git hooks ({@code post-checkout}, {@code post-merge},
 * {@code post-rewrite}) in a hooks directory — whichever git uses: the caller passes
 * {@code core.hooksPath} when it is set, else {@code .git/hooks}.
 *
 * <p>A hook that is already there and is not hd's is <em>chained</em>: renamed to
 * {@code NAME.hd-chained} (a rename keeps its bytes, mode and times, and a symbolic link
 * stays a link), and hd's script runs it first with the same arguments and input, and exits
 * with its status. Uninstalling removes hd's script and renames the chained hook back, so
 * what was there before is there again, byte for byte. Installing twice rewrites hd's
 * scripts (with the new settings) and chains nothing twice. Each script is written to a
 * temporary file and renamed into place, so git never runs half a script.
 */
public final class Hooks {
    /** The hooks hd installs: every way git moves HEAD in a working tree. */
    public static final List<String> NAMES = List.of("post-checkout", "post-merge", "post-rewrite");
    /** Suffix of a chained hook: git runs only exact hook names, so it never runs this one itself. */
    public static final String CHAINED_SUFFIX = ".hd-chained";
    /** The second line of every hook hd writes starts with this. */
    static final String MARKER = "# hd-hook ";
    private static final Pattern CONTEXT = Pattern.compile("[0-9a-f]{16}");

    private Hooks() {
    }

    /**
     * What hd's hooks are told when installed.
     *
     * @param store     the store hd used (HD_STORE, when set at run time, wins)
     * @param hdCommand the hd to run (for {@code --build}), absolute, or "hd" to find it on PATH
     * @param context   the machine part of the tree map's key ({@code refs/trees/<context>/})
     * @param build     whether to build a revision that is not built, instead of marking the profile stale
     * @param topLevel  the working tree the hooks are installed for (its real path, as {@code pwd -P} prints it)
     * @param repoKey   its key in the ref map ({@code refs/<repo-key>/}), so the hook need not hash the path; a
     *                  hook running for another working tree (a linked worktree, a shared core.hooksPath) hashes its own
     */
    public record Config(Path store, String hdCommand, String context, boolean build, Path topLevel, String repoKey) {
        public Config {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(hdCommand, "hdCommand");
            Objects.requireNonNull(topLevel, "topLevel");
            if (!store.isAbsolute() || !topLevel.isAbsolute()) {
                throw new IllegalArgumentException("not an absolute path: " + store + ", " + topLevel);
            }
            if (context == null || !CONTEXT.matcher(context).matches() || repoKey == null || !CONTEXT.matcher(repoKey).matches()) {
                throw new IllegalArgumentException("not a 16-hex key: " + context + ", " + repoKey);
            }
        }
    }

    /** Whose a hook file is. */
    public enum State { NONE, HD, FOREIGN }

    /**
     * One hook as found.
     *
     * @param chains whether a chained hook ({@code NAME.hd-chained}) is kept next to it
     * @param config what hd's script was told, when it is hd's
     */
    public record Hook(String name, Path path, State state, boolean chains, Optional<Config> config) {
    }

    /** What install or uninstall did to one hook. */
    public enum Action { INSTALLED, UPDATED, UNCHANGED, REMOVED, RESTORED, LEFT_ALONE, NOTHING }

    /**
     * What happened to one hook.
     *
     * @param chained whether an earlier hook is chained (after install) or was put back (after uninstall)
     */
    public record Change(String name, Path path, Action action, boolean chained) {
    }

    /**
     * Installs hd's hooks into {@code hooksDir} (created when missing), chaining what is there.
     *
     * @throws HookException before anything is changed, when a hook that is not hd's stands where
     *                       a chained hook is already kept (someone replaced hd's hook: sort it out by hand)
     */
    public static List<Change> install(Path hooksDir, Config config) throws HookException {
        for (String name : NAMES) {
            Path hook = hooksDir.resolve(name);
            if (state(hook) == State.FOREIGN && exists(chained(hook))) {
                throw new HookException(hook + " is not hd's hook, and " + chained(hook).getFileName()
                        + " next to it holds the hook hd chained earlier",
                        "keep the one you want as " + name + " (and merge the other into it), remove the other, "
                                + "then run 'hd hooks install' again", null);
            }
        }
        List<Change> out = new ArrayList<>();
        try {
            Files.createDirectories(hooksDir);
            for (String name : NAMES) {
                Path hook = hooksDir.resolve(name);
                byte[] script = script(name, config).getBytes(StandardCharsets.UTF_8);
                State s = state(hook);
                Action a;
                if (s == State.HD) {
                    if (java.util.Arrays.equals(Files.readAllBytes(hook), script) && Files.isExecutable(hook)) {
                        a = Action.UNCHANGED;
                    } else {
                        write(hook, script);
                        a = Action.UPDATED;
                    }
                } else {
                    if (s == State.FOREIGN) {
                        Files.move(hook, chained(hook), StandardCopyOption.ATOMIC_MOVE);
                    }
                    write(hook, script);
                    a = Action.INSTALLED;
                }
                out.add(new Change(name, hook, a, exists(chained(hook))));
            }
        } catch (IOException e) {
            throw new HookException("cannot install hd's hooks in " + hooksDir + ": " + e.getMessage(),
                    "check that the directory is writable; 'hd hooks status' shows what is installed", e);
        }
        return out;
    }

    /** Removes hd's hooks from {@code hooksDir} and puts every chained hook back. Hooks that are not hd's stay. */
    public static List<Change> uninstall(Path hooksDir) throws HookException {
        List<Change> out = new ArrayList<>();
        try {
            for (String name : NAMES) {
                Path hook = hooksDir.resolve(name);
                Path chained = chained(hook);
                State s = state(hook);
                if (s == State.FOREIGN) {
                    out.add(new Change(name, hook, Action.LEFT_ALONE, false));
                    continue;
                }
                Action a = Action.NOTHING;
                if (s == State.HD) {
                    Files.delete(hook);
                    a = Action.REMOVED;
                }
                boolean restored = false;
                if (exists(chained)) {
                    Files.move(chained, hook, StandardCopyOption.ATOMIC_MOVE);
                    restored = true;
                    if (a == Action.NOTHING) {
                        a = Action.RESTORED;
                    }
                }
                out.add(new Change(name, hook, a, restored));
            }
        } catch (IOException e) {
            throw new HookException("cannot remove hd's hooks from " + hooksDir + ": " + e.getMessage(),
                    "check that the directory is writable; 'hd hooks status' shows what is left", e);
        }
        return out;
    }

    /** The hooks hd would install, as they are in {@code hooksDir} now. */
    public static List<Hook> status(Path hooksDir) {
        List<Hook> out = new ArrayList<>();
        for (String name : NAMES) {
            Path hook = hooksDir.resolve(name);
            State s = state(hook);
            out.add(new Hook(name, hook, s, exists(chained(hook)), s == State.HD ? config(hook) : Optional.empty()));
        }
        return out;
    }

    private static Path chained(Path hook) {
        return hook.resolveSibling(hook.getFileName() + CHAINED_SUFFIX);
    }

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** hd's when it is a regular file (not a link) whose second line is hd's marker. */
    static State state(Path hook) {
        if (!exists(hook)) {
            return State.NONE;
        }
        if (!Files.isRegularFile(hook, LinkOption.NOFOLLOW_LINKS)) {
            return State.FOREIGN;
        }
        try (InputStream in = Files.newInputStream(hook, LinkOption.NOFOLLOW_LINKS)) {
            String head = new String(in.readNBytes(512), StandardCharsets.UTF_8);
            String[] lines = head.split("\n", 3);
            return lines.length > 1 && lines[1].startsWith(MARKER) ? State.HD : State.FOREIGN;
        } catch (IOException e) {
            return State.FOREIGN; // unreadable: certainly not something to overwrite
        }
    }

    private static void write(Path hook, byte[] script) throws IOException {
        Path tmp = hook.resolveSibling("." + hook.getFileName() + ".hd-tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.write(tmp, script);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The script of hook {@code name}, with {@code config} written into it. */
    static String script(String name, Config config) {
        String template;
        try (InputStream in = Hooks.class.getResourceAsStream("hook.sh")) {
            if (in == null) {
                throw new IllegalStateException("hook.sh is missing from hd's jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template.replace("@HOOK@", name)
                .replace("@STORE@", shellQuote(config.store().toString()))
                .replace("@HD@", shellQuote(config.hdCommand()))
                .replace("@CONTEXT@", config.context())
                .replace("@BUILD@", config.build() ? "1" : "0")
                .replace("@TOP@", shellQuote(config.topLevel().toString()))
                .replace("@REPOKEY@", config.repoKey());
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The inverse of {@link #shellQuote}: a word of '...' runs and \' escapes. */
    static Optional<String> shellUnquote(String w) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < w.length()) {
            char c = w.charAt(i);
            if (c == '\'') {
                int end = w.indexOf('\'', i + 1);
                if (end < 0) {
                    return Optional.empty();
                }
                sb.append(w, i + 1, end);
                i = end + 1;
            } else if (c == '\\' && i + 1 < w.length()) {
                sb.append(w.charAt(i + 1));
                i += 2;
            } else if (Character.isLetterOrDigit(c) || "_./-".indexOf(c) >= 0) {
                sb.append(c);
                i++;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(sb.toString());
    }

    /** What an installed hd hook was told, read back from its assignments. */
    static Optional<Config> config(Path hook) {
        String store = null;
        String cmd = null;
        String context = null;
        String build = null;
        String top = null;
        String key = null;
        try {
            for (String l : Files.readAllLines(hook, StandardCharsets.UTF_8)) {
                int eq = l.indexOf('=');
                if (!l.startsWith("hd_") || eq < 0) {
                    continue;
                }
                String v = shellUnquote(l.substring(eq + 1)).orElse(null);
                switch (l.substring(0, eq)) {
                    case "hd_store" -> store = v;
                    case "hd_cmd" -> cmd = v;
                    case "hd_context" -> context = v;
                    case "hd_build" -> build = v;
                    case "hd_known_top" -> top = v;
                    case "hd_known_key" -> key = v;
                    default -> {
                        // the script's own variables
                    }
                }
                if (store != null && cmd != null && context != null && build != null && top != null && key != null) {
                    return Optional.of(new Config(hook.getFileSystem().getPath(store), cmd, context, build.equals("1"),
                            hook.getFileSystem().getPath(top), key));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
