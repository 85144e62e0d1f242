package dev.hd.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Registers only the subcommand a command line names, so that picocli builds the model of one
 * subcommand instead of all of them. Building a model means reflecting over the command's
 * fields and annotations and making a parser with its converters: a few milliseconds per
 * command even with class-data sharing, paid on every start, and there are dozens of commands.
 *
 * <p>The subcommand is found by a conservative scan of the arguments that knows hd's global
 * options ({@link Main}); whenever the scan is not sure — no subcommand, {@code help}, a help
 * or version option before it, an option it does not know, {@code --} — every command is
 * registered, as before. A name that matches no command also ends in the full registration,
 * so picocli's "unknown subcommand, did you mean" works unchanged. Either way picocli parses
 * the real arguments: the scan only decides which models exist.
 */
final class CommandSelection {
    /** Global options that take a value (their value is never the subcommand). */
    static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("--store", "--mirror", "-C");
    /** Global flags. */
    static final java.util.Set<String> FLAGS = java.util.Set.of("--verbose", "-v", "--quiet", "-q");

    private CommandSelection() {
    }

    /** The subcommand {@code args} run, when the scan is sure of it and it is not {@code help}. */
    static Optional<String> subcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--") || a.equals("-") || a.isEmpty()) {
                return Optional.empty();
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (VALUE_OPTIONS.contains(name)) {
                    if (eq < 0 && (++i >= args.length || args[i].startsWith("-"))) {
                        return Optional.empty(); // a missing value: picocli's error, with the full usage
                    }
                } else if (!FLAGS.contains(a)) {
                    return Optional.empty(); // --help, --version, or an option only picocli can judge
                }
                continue;
            }
            if (a.startsWith("-")) {
                // a POSIX cluster of short options, like picocli reads it: -vq, -C DIR, -CDIR, -vC DIR
                for (int c = 1; c < a.length(); c++) {
                    String opt = "-" + a.charAt(c);
                    if (VALUE_OPTIONS.contains(opt)) {
                        // the rest of the cluster, or else the next argument, is the value
                        if (c == a.length() - 1 && (++i >= args.length || args[i].startsWith("-"))) {
                            return Optional.empty();
                        }
                        break;
                    }
                    if (!FLAGS.contains(opt)) {
                        return Optional.empty();
                    }
                }
                continue;
            }
            return a.equals("help") ? Optional.empty() : Optional.of(a);
        }
        return Optional.empty();
    }

    /**
     * A command line for {@code main} on which {@link Commands#register} adds only the
     * subcommand named {@code wanted}.
     */
    static CommandLine only(Main main, String wanted) {
        return new Selective(main, wanted);
    }

    /** Whether the command line has a subcommand (a selective one may have none: the name matched nothing). */
    static boolean hasSubcommands(CommandLine cl) {
        return !cl.getSubcommands().isEmpty();
    }

    private static final class Selective extends CommandLine {
        private final String wanted;

        Selective(Object command, String wanted) {
            super(command);
            this.wanted = wanted;
        }

        @Override
        public CommandLine addSubcommand(String name, Object command, String... aliases) {
            if (matches(name, command, aliases)) {
                return super.addSubcommand(name, command, aliases);
            }
            return this;
        }

        private boolean matches(String name, Object command, String... aliases) {
            if (wanted.equals(name) || java.util.Arrays.asList(aliases).contains(wanted)) {
                return true;
            }
            if (command instanceof CommandLine made) { // registered ready-made (e.g. with its own parser settings)
                String n = made.getCommandSpec().name();
                return wanted.equals(name != null ? name : n) || java.util.Arrays.asList(made.getCommandSpec().aliases()).contains(wanted);
            }
            Class<?> type = command instanceof Class<?> c ? c : command.getClass();
            Command ann = type.getAnnotation(Command.class);
            if (ann == null) {
                return true; // not annotated: let picocli decide (and complain)
            }
            return name == null && (wanted.equals(ann.name()) || java.util.Arrays.asList(ann.aliases()).contains(wanted));
        }
    }
}
