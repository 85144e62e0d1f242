package dev.hd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs the plainest command lines of the two commands whose speed is the product — {@code hd
 * build [DIR|REV] [k=v...] [-q]} and {@code hd checkout REV [-q]} — without picocli. Building
 * picocli's model of even one command (annotation proxies, reflection, its Java 5 class files
 * going through the old verifier) costs more than a whole no-op build of 1,000 packages does
 * otherwise (docs/benchmarks.md).
 *
 * <p>Only what cannot mean anything else is taken: the command name first, then positional
 * words and {@code -q}/{@code --quiet}. Anything else — a global option, another option, help,
 * {@code --}, an {@code @file} argument — leaves the whole command line to picocli, as does any
 * other command. The command object is the very one picocli would run, with its fields set the
 * way picocli would set them; errors go through {@link Main#handle}, so output and exit codes
 * are the same either way (CommandSelectionTest compares them).
 */
final class FastPath {
    private FastPath() {
    }

    /** The exit code, when the command line was run here; empty when picocli must parse it. */
    static OptionalInt run(CliContext ctx, String[] args) {
        if (args.length == 0 || !(args[0].equals("build") || args[0].equals("checkout"))) {
            return OptionalInt.empty();
        }
        boolean quiet = false;
        List<String> words = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-q") || a.equals("--quiet")) {
                quiet = true;
            } else if (a.isEmpty() || a.startsWith("-") || a.startsWith("@")) {
                return OptionalInt.empty();
            } else {
                words.add(a);
            }
        }
        Main main = new Main(ctx);
        main.quiet = quiet;
        java.util.concurrent.Callable<Integer> command;
        if (args[0].equals("build")) {
            BuildCommand b = new BuildCommand();
            b.main = main;
            b.stack = new StackArgs();
            b.stack.args.addAll(words);
            command = b;
        } else {
            if (words.size() != 1) {
                return OptionalInt.empty(); // picocli says what is missing or too much
            }
            CheckoutCommand c = new CheckoutCommand();
            c.main = main;
            c.rev = words.get(0);
            command = c;
        }
        try {
            return OptionalInt.of(command.call());
        } catch (Exception e) {
            // the command line is only needed (for the help hint of a usage error) on this path
            return OptionalInt.of(Main.handle(e, main, ctx, Main.commandLine(ctx, args).getSubcommands().get(args[0])));
        }
    }
}
