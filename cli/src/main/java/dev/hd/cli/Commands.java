package dev.hd.cli;

import picocli.CommandLine;

/** The list of subcommands, one line each, in the order {@code hd --help} shows them. */
final class Commands {
    private Commands() {
    }

    static void register(CommandLine cl) {
        cl.addSubcommand(new HelpCommand());
        cl.addSubcommand(new InitCommand());
        cl.addSubcommand(new ResolveCommand());
        cl.addSubcommand(new FetchCommand());
        cl.addSubcommand(new BuildCommand());
        cl.addSubcommand(new EnvCommand());
        cl.addSubcommand(new DiffCommand());
        cl.addSubcommand(new WhyCommand());
        cl.addSubcommand(new GraphCommand());
        cl.addSubcommand(new BisectCommand());
        cl.addSubcommand(new ShellCommand());
        RunCommand.register(cl);
        cl.addSubcommand(new VenvCommand());
        cl.addSubcommand(new ShowCommand());
        cl.addSubcommand(new ShowConfigCommand());
        cl.addSubcommand(new ConfigCommand());
        cl.addSubcommand(new CompleteCommand());
        cl.addSubcommand(new LogCommand());
        cl.addSubcommand(new RollbackCommand());
        cl.addSubcommand(new PinCommand());
        cl.addSubcommand(new UnpinCommand());
        cl.addSubcommand(new GcCommand());
        cl.addSubcommand(new VerifyCommand());
        cl.addSubcommand(new CheckoutCommand());
        cl.addSubcommand(new StatusCommand());
        cl.addSubcommand(new HooksCommand());
        cl.addSubcommand(new LockCommand());
        cl.addSubcommand(new DevelopCommand());
    }
}
