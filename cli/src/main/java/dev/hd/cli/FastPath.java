package dev.hd.cli;

import java.nio.file.Path;
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
 * <p>Only what cannot mean anything else is taken: {@code --store DIR} and {@code -C DIR} first,
 * then the command name, then positional words and {@code -q}/{@code --quiet}. Anything else — a global option, another option, help,
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
        Main main = new Main(ctx);
        int at = 0;
        // the global options scripts put first: --store DIR, --store=DIR, -C DIR (each once:
        // picocli refuses a repeated one, and says so)
        while (at < args.length) {
            String opt = args[at];
            String value;
            if (opt.startsWith("--store=")) {
                value = opt.substring("--store=".length());
                opt = "--store";
                at++;
            } else if ((opt.equals("--store") || opt.equals("-C")) && at + 1 < args.length) {
                value = args[at + 1];
                at += 2;
            } else {
                break;
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")
                    || (opt.equals("-C") ? main.chdir : main.store) != null) {
                return OptionalInt.empty();
            }
            if (opt.equals("-C")) {
                main.chdir = Path.of(value);
            } else {
                main.store = Path.of(value);
            }
        }
        if (at >= args.length || !(args[at].equals("build") || args[at].equals("checkout"))) {
            return OptionalInt.empty();
        }
        String name = args[at];
        boolean quiet = false;
        List<String> words = new ArrayList<>();
        for (int i = at + 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-q") || a.equals("--quiet")) {
                quiet = true;
            } else if (a.isEmpty() || a.startsWith("-") || a.startsWith("@")) {
                return OptionalInt.empty();
            } else {
                words.add(a);
            }
        }
        main.quiet = quiet;
        java.util.concurrent.Callable<Integer> command;
        if (name.equals("build")) {
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
            return OptionalInt.of(Main.handle(e, main, ctx, Main.commandLine(ctx, args).getSubcommands().get(name)));
        }
    }
}
