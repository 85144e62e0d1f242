package dev.hd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hd help [COMMAND...]}: the usage of hd or of any command, nested ones included
 * ({@code hd help config set}), the same text as {@code hd COMMAND --help}.
 */
@Command(name = "help", helpCommand = true,
        description = {"Show the help of hd or of a command.",
                "Its options, arguments and examples: the same as 'hd COMMAND --help'."},
        footer = {"", "Examples:", "  hd help", "  hd help build", "  hd help config set", "  man hd-build"})
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and its subcommands) to explain.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine c = self.getParent();
        for (String name : path) {
            CommandLine sub = c.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.UnmatchedArgumentException(c, List.of(name));
            }
            c = sub;
        }
        c.usage(out, colors);
        out.flush();
    }
}
