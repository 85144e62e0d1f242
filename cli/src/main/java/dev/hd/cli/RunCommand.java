package dev.hd.cli;

import dev.hd.builder.ProfileEnv;
import dev.hd.resolver.HdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd run [--] CMD [ARG...]}: one command in a profile's environment. Everything from
 * CMD on is the command's (hd reads no options after it), so {@code hd run make -j4} works.
 */
@Command(name = "run",
        description = {"Run one command in a stack's profile environment.",
                "The environment is the one 'hd shell' gives; CMD is looked up on its PATH (the profile's bin/ first)."
                        + " Options after CMD are the command's; '--' before CMD is allowed. hd exits with the command's"
                        + " status: 127 when it is not found, 126 when it cannot be started."},
        footer = {"", "Examples:", "  hd run hello world", "  hd run -- pkg-config --cflags libgreet",
                "  hd run --stack examples -- hello hd", "  hd run --stack ~/venvs/dev python3 -m pip install numpy"})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--stack", paramLabel = "DIR",
            description = "The stack directory (default: the current one), or a venv (hd venv).")
    Path stack;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link (default: DIR/.hd/profile).")
    Path link;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    /** The command line of {@code hd run}: it stops reading options at the command. */
    static CommandLine commandLine() {
        return new CommandLine(new RunCommand()).setStopAtPositional(true);
    }

    @Override
    public Integer call() throws HdException {
        Path profile = ProfileTarget.of(main, stack, link);
        var env = EnvCommand.apply(ProfileEnv.of(profile), main.ctx().env());
        return UserProcess.run(main.ctx(), command, env, main.cwd());
    }
}
