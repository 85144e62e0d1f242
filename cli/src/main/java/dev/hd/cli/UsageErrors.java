package dev.hd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * How a command line picocli cannot parse is reported: like git, one line saying what is
 * wrong, a guess when a name looks misspelt, and where the usage is, instead of the whole
 * usage text (exit 2).
 */
final class UsageErrors {
    private UsageErrors() {
    }

    static int report(CommandLine.ParameterException ex, CliContext ctx) {
        CommandLine cl = ex.getCommandLine();
        ctx.err().println("hd: " + message(ex));
        List<String> guesses = guesses(ex);
        String hint = helpHint(cl);
        if (!guesses.isEmpty()) {
            hint = "did you mean " + guesses.stream().limit(3).map(g -> "'" + g + "'").collect(Collectors.joining(" or "))
                    + "? (" + hint + ")";
        }
        ctx.err().println("hint: " + hint);
        ctx.err().flush();
        return Main.USAGE;
    }

    /** Names close to a misspelt one: picocli's for commands, the nearest option names for options. */
    private static List<String> guesses(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return List.of();
        }
        String arg = u.getUnmatched().get(0);
        if (!arg.startsWith("-")) {
            // picocli suggests every command that looks a little alike ('biuld': build, bisect);
            // keep the nearest ones
            List<String> nearest = new ArrayList<>();
            int bestD = Integer.MAX_VALUE;
            for (String c : u.getSuggestions()) {
                int d = dev.hd.resolver.Suggestions.distance(arg, c);
                if (d < bestD) {
                    bestD = d;
                    nearest.clear();
                }
                if (d == bestD) {
                    nearest.add(c);
                }
            }
            return nearest;
        }
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        List<String> out = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (CommandLine.Model.OptionSpec o : ex.getCommandLine().getCommandSpec().options()) {
            if (o.hidden()) {
                continue;
            }
            for (String n : o.names()) {
                int d = dev.hd.resolver.Suggestions.distance(name, n);
                if (d < best) {
                    best = d;
                    out.clear();
                }
                if (d == best && !out.contains(o.longestName())) {
                    out.add(o.longestName());
                }
            }
        }
        return best <= Math.max(2, name.length() / 3) ? out : List.of();
    }

    /** picocli's message, reworded where it names an index rather than the argument. */
    private static String message(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            CommandLine cl = ex.getCommandLine();
            String where = cl.getCommandSpec().qualifiedName(" ");
            if (arg.startsWith("-")) {
                return "unknown option '" + arg + "' for '" + where + "'";
            }
            if (!cl.getSubcommands().isEmpty() && cl.getCommandSpec().positionalParameters().isEmpty()) {
                return "'" + arg + "' is not a command of '" + where + "'";
            }
            return "unexpected argument '" + arg + "' for '" + where + "'";
        }
        return ex.getMessage();
    }

    /** Where to read about the command: {@code see 'hd help build'}, or {@code hd --help}. */
    static String helpHint(CommandLine cl) {
        if (cl == null || cl.getParent() == null) {
            return "see 'hd --help'";
        }
        String name = cl.getCommandSpec().qualifiedName(" ");
        return "see 'hd help " + name.substring(name.indexOf(' ') + 1) + "'";
    }
}
