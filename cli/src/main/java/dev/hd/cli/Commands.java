package dev.hd.cli;

import picocli.CommandLine;

/** The list of subcommands, one line each, in the order {@code hd --help} shows them. */
final class Commands {
    private Commands() {
    }

    static void register(CommandLine cl) {
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.addSubcommand(new ResolveCommand());
        cl.addSubcommand(new FetchCommand());
        cl.addSubcommand(new BuildCommand());
        cl.addSubcommand(new EnvCommand());
        cl.addSubcommand(new DiffCommand());
        cl.addSubcommand(new WhyCommand());
        cl.addSubcommand(new GraphCommand());
        cl.addSubcommand(new BisectCommand());
    }
}
