package dev.hd.cli;

import dev.hd.resolver.HdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code hd} command. Global options live here; each subcommand is its own class,
 * registered in {@link Commands}.
 */
@Command(name = "hd",
        mixinStandardHelpOptions = true,
        // --help (and --version) work on every subcommand too: hd resolve --help
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Build scientific software stacks from source, reproducibly, from stack definitions kept in git.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Examples:",
                "  hd init mystack && cd mystack   # a new stack repository with one package",
                "  hd build                        # build it; .hd/profile points at the result",
                "  hd shell                        # a shell with the profile on PATH",
                "  hd build examples && examples/.hd/profile/bin/hello",
                "",
                "Run 'hd help COMMAND' or 'man hd-COMMAND' for a command's options and examples.",
                "The 5-minute tour: docs/tour.md.",
                "Exit codes: 0 ok, 1 failure (bad spec, build failed, ...), 2 usage error, 70 internal error."})
public final class Main implements Runnable {

    /** Exit codes of the hd process. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 70;

    @Option(names = "--store", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The store (default: $HD_STORE, else ~/.hd).")
    Path store;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Say more; print stack traces of internal errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print only errors and results.")
    boolean quiet;

    @Option(names = "-C", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Run as if hd was started in DIR.")
    Path chdir;

    @Option(names = "--mirror", paramLabel = "DIR|URL", scope = CommandLine.ScopeType.INHERIT,
            description = {"Search this directory or http(s)/file URL for source archives first; repeatable.",
                    "Tried in order, before the 'mirror =' lines of the store config."})
    List<String> mirrors = new ArrayList<>();

    final CliContext ctx;

    Main(CliContext ctx) {
        this.ctx = ctx;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code hd} alone: the usage, as {@code hd --help} shows it. */
    @Override
    public void run() {
        spec.commandLine().usage(ctx.out(), spec.commandLine().getColorScheme());
    }

    /** The directory commands work relative to ({@code -C} applied). */
    public Path cwd() {
        return chdir == null ? ctx.cwd() : ctx.cwd().resolve(chdir).normalize();
    }

    /** The store root: {@code --store}, else {@code $HD_STORE}, else {@code ~/.hd}. */
    public Path storeRoot() {
        if (store != null) {
            return ctx.cwd().resolve(store).toAbsolutePath().normalize();
        }
        String env = ctx.env("HD_STORE");
        if (env != null && !env.isEmpty()) {
            return ctx.cwd().resolve(env).toAbsolutePath().normalize();
        }
        String home = ctx.env("HOME");
        return Path.of(home == null ? System.getProperty("user.home") : home).resolve(".hd");
    }

    /** The {@code --mirror} options, in the order given (relative directories are relative to {@link #cwd()}). */
    public List<String> mirrors() {
        return List.copyOf(mirrors);
    }

    public CliContext ctx() {
        return ctx;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    /** Builds the command line, with every subcommand and the exit-code rules. */
    public static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, null);
    }

    /**
     * Builds the command line for running {@code args} (every subcommand when {@code null}):
     * only the subcommand they name when that is clear, which saves building the others'
     * models at every start ({@link CommandSelection}).
     */
    static CommandLine commandLine(CliContext ctx, String[] args) {
        java.util.Optional<String> only = args == null ? java.util.Optional.empty() : CommandSelection.subcommand(args);
        Main main = new Main(ctx);
        CommandLine cl = only.isPresent() ? CommandSelection.only(main, only.get()) : new CommandLine(main);
        Commands.register(cl);
        if (only.isPresent() && !CommandSelection.hasSubcommands(cl)) {
            return commandLine(ctx, null); // no such command: picocli says so, with suggestions
        }
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.color() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, main, ctx, commandLine));
        cl.setParameterExceptionHandler((ex, given) -> UsageErrors.report(ex, ctx));
        return cl;
    }

    /** Runs hd with the given arguments and returns the exit code. */
    public static int run(CliContext ctx, String... args) {
        int code = commandLine(ctx, args).execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    static int handle(Exception ex, Main main, CliContext ctx, CommandLine commandLine) {
        Throwable t = ex;
        if (t instanceof CommandLine.ExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HdException he) {
            ctx.err().println("hd: " + he.getMessage());
            if (he.hint() != null) {
                ctx.err().println("hint: " + he.hint());
            }
            if (main.verbose) {
                he.printStackTrace(ctx.err());
            }
            return FAILURE;
        }
        if (t instanceof UsageException ue) {
            ctx.err().println("hd: " + ue.getMessage());
            ctx.err().println("hint: " + UsageErrors.helpHint(commandLine));
            return USAGE;
        }
        ctx.err().println("hd: internal error: " + t);
        if (main.verbose) {
            t.printStackTrace(ctx.err());
        } else {
            ctx.err().println("hint: re-run with -v for the stack trace, and report it");
        }
        return INTERNAL;
    }

    public static void main(String[] args) {
        // hd starts one bash per package: on Linux, vfork+exec is about 0.7 ms cheaper per
        // process than the JDK's default (posix_spawn through a helper executable)
        if (System.getProperty("os.name", "").startsWith("Linux")
                && System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        int code = run(CliContext.system(), args);
        System.exit(code);
    }
}
