package dev.hd.cli;

import dev.hd.builder.ProfileEnv;
import dev.hd.hooks.StaleMarker;
import dev.hd.resolver.HdException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hd env}: prints the shell commands that put a stack's profile to use. */
@Command(name = "env",
        description = {"Print the shell commands that put a stack's profile to use.",
                "For eval in your shell: they set PATH, MANPATH, PKG_CONFIG_PATH, CMAKE_PREFIX_PATH and HD_PROFILE,"
                        + " naming the profile link (DIR/.hd/profile), so later builds need no new shell. DIR may also be"
                        + " a venv (hd venv). HD_STALE=1 says a git hook kept"
                        + " the profile of an earlier revision (the new one is not built). See also 'hd shell' and 'hd run'."},
        footer = {"", "Examples:", "  eval \"$(hd env)\"", "  hd env examples --shell-type fish | source"})
final class EnvCommand implements Callable<Integer> {
    /** The shells hd can write for. */
    enum ShellType { bash, zsh, fish }

    @ParentCommand
    Main main;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "The stack directory (default: the current one), or a venv (hd venv).")
    Path dir;

    @Option(names = "--shell-type", paramLabel = "SHELL", description = "bash, zsh or fish (default: from $SHELL, else bash).")
    ShellType shell;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link (default: DIR/.hd/profile).")
    Path link;

    @Override
    public Integer call() throws HdException {
        Path l = ProfileTarget.of(main, dir, link);
        ShellType type = shell != null ? shell : fromEnv(main.ctx().env("SHELL"));
        PrintWriter out = main.ctx().out();
        for (String line : lines(ProfileEnv.of(l), type)) {
            out.println(line);
        }
        Optional<StaleMarker.Stale> stale = StaleMarker.read(l);
        out.println(staleLine(stale.isPresent(), type));
        stale.ifPresent(s -> main.ctx().err().println("hd: note: the profile is stale: HEAD moved to "
                + (s.commit().length() >= 12 ? s.commit().substring(0, 12) : "a revision") + ", which is not built;"
                + " build it: " + s.buildCommand()));
        return Main.OK;
    }

    /**
     * HD_STALE=1 while a git hook left the profile of an earlier revision in place (see
     * docs/git.md); unset otherwise, so evaluating {@code hd env} again after a build clears it.
     */
    static String staleLine(boolean stale, ShellType type) {
        if (type == ShellType.fish) {
            return stale ? "set -gx HD_STALE 1" : "set -e HD_STALE";
        }
        return stale ? "export HD_STALE=1" : "unset HD_STALE";
    }

    static ShellType fromEnv(String shellPath) {
        if (shellPath == null) {
            return ShellType.bash;
        }
        String name = shellPath.substring(shellPath.lastIndexOf('/') + 1);
        return name.equals("fish") ? ShellType.fish : name.equals("zsh") ? ShellType.zsh : ShellType.bash;
    }

    /**
     * The environment a process started in the profile gets: {@code env} with the profile's
     * variables applied as the exports of {@link #lines} would apply them.
     */
    static java.util.Map<String, String> apply(List<ProfileEnv.Var> vars, java.util.Map<String, String> env) {
        java.util.Map<String, String> out = new java.util.TreeMap<>(env);
        for (ProfileEnv.Var v : vars) {
            String joined = String.join(":", v.values());
            String now = out.get(v.name());
            out.put(v.name(), switch (v.mode()) {
                case SET -> joined;
                case PREPEND -> now == null || now.isEmpty() ? joined : joined + ":" + now;
                case PREPEND_KEEP_DEFAULT -> joined + ":" + (now == null ? "" : now);
            });
        }
        return out;
    }

    static List<String> lines(List<ProfileEnv.Var> vars, ShellType type) {
        List<String> out = new ArrayList<>();
        for (ProfileEnv.Var v : vars) {
            out.add(type == ShellType.fish ? fish(v) : posix(v));
        }
        return out;
    }

    private static String posix(ProfileEnv.Var v) {
        String joined = posixQuote(String.join(":", v.values()));
        String n = v.name();
        return switch (v.mode()) {
            case SET -> "export " + n + "=" + joined;
            case PREPEND -> "export " + n + "=" + joined + "\"${" + n + ":+:$" + n + "}\"";
            // an empty last entry keeps man's default search path after ours
            case PREPEND_KEEP_DEFAULT -> "export " + n + "=" + joined + "\":${" + n + "}\"";
        };
    }

    private static String fish(ProfileEnv.Var v) {
        StringBuilder vals = new StringBuilder();
        for (String s : v.values()) {
            vals.append(' ').append(fishQuote(s));
        }
        String n = v.name();
        return switch (v.mode()) {
            case SET -> "set -gx " + n + vals;
            case PREPEND -> "set -gx " + n + vals + " $" + n;
            case PREPEND_KEEP_DEFAULT -> "if set -q " + n + "; set -gx " + n + vals + " $" + n + "; else; set -gx "
                    + n + vals + " ''; end";
        };
    }

    static String posixQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** fish understands \' and \\ inside single quotes (bash does not). */
    static String fishQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
