package dev.hd.cli;

import dev.hd.builder.ProfileEnv;
import dev.hd.resolver.HdException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hd shell [DIR]}: a subshell with a stack's profile (or a venv) in its environment. */
@Command(name = "shell",
        description = {"Start a shell with a stack's profile in its environment.",
                "The shell is $SHELL unless --shell-type is given. PATH, MANPATH, PKG_CONFIG_PATH and"
                        + " CMAKE_PREFIX_PATH lead to the profile (as 'hd env' sets them); HD_PROFILE and HD_SHELL name"
                        + " it. DIR may be a stack or a venv. 'exit' returns; hd exits with the shell's status."},
        footer = {"", "Examples:", "  hd shell", "  hd shell examples", "  hd shell ~/venvs/dev --shell-type zsh",
                "", "One command instead of a shell: hd run."})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "The stack directory (default: the current one), or a venv (hd venv).")
    Path dir;

    @Option(names = "--shell-type", paramLabel = "SHELL", description = "bash, zsh or fish (default: $SHELL, else bash).")
    EnvCommand.ShellType shell;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link (default: DIR/.hd/profile).")
    Path link;

    @Override
    public Integer call() throws HdException {
        Path profile = ProfileTarget.of(main, dir, link);
        Map<String, String> current = main.ctx().env();
        String program = shell != null ? shell.name()
                : current.get("SHELL") != null && !current.get("SHELL").isEmpty() ? current.get("SHELL") : "bash";
        Map<String, String> env = EnvCommand.apply(ProfileEnv.of(profile), current);
        env.put("HD_SHELL", profile.toString());
        // the shell is found on the user's PATH, not the profile's: a stack may build its own bash
        String found = UserProcess.which(program, current.get("PATH"), main.cwd()).map(Path::toString)
                .orElseThrow(() -> new HdException("cannot start the shell '" + program + "': it is not on your PATH",
                        "install it, or name another with --shell-type bash|zsh|fish"));
        if (!main.quiet()) {
            main.ctx().err().println("hd: starting " + found + " with the profile " + profile + " ('exit' leaves it)");
        }
        return UserProcess.run(main.ctx(), List.of(found), env, main.cwd());
    }
}
