package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a newcomer can learn from hd itself: every command is listed, explained and has
 * examples; {@code hd help X} is {@code hd X --help}; a mistake on the command line says what
 * is wrong and where to read on.
 */
class HelpTest {
    @TempDir
    Path tmp;

    private Cli cli() {
        return new Cli(tmp, tmp.resolve("store"));
    }

    /** Every command of the model but hidden ones, root first. */
    static List<CommandLine> commands() {
        CommandLine root = Main.commandLine(new CliContext(Path.of("/"), Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false));
        List<CommandLine> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        out.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            collect(sub, out);
        }
    }

    private static String path(CommandLine c) {
        String q = c.getCommandSpec().qualifiedName(" ");
        return q.equals("hd") ? "" : q.substring(3);
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        Cli.Result r = cli().run("--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Usage: hd "), r.out());
        for (CommandLine c : commands()) {
            if (c.getParent() != null && c.getParent().getParent() == null) {
                assertTrue(r.out().contains("\n  " + c.getCommandName() + " "), c.getCommandName() + " missing:\n" + r.out());
            }
        }
        assertEquals(r.out(), cli().run("help").out());
        assertEquals(r.out(), cli().run().out(), "hd alone shows the same");
    }

    @Test
    void everyCommandIsDescribedAndHasExamples() {
        List<String> missing = new ArrayList<>();
        for (CommandLine c : commands()) {
            String name = "hd " + path(c);
            CommandLine.Model.UsageMessageSpec u = c.getCommandSpec().usageMessage();
            if (u.description().length == 0) {
                missing.add(name + ": no description");
            }
            String footer = String.join("\n", u.footer());
            if (!java.util.regex.Pattern.compile("Examples?:\n  .*\\bhd\\b").matcher(footer).find()) {
                missing.add(name + ": no 'Examples:' in its footer");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void helpCommandShowsTheSameAsDashDashHelpForEveryCommandNestedOnesToo() {
        for (CommandLine c : commands()) {
            if (c.getParent() == null) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of("help"));
            args.addAll(List.of(path(c).split(" ")));
            Cli.Result viaHelp = cli().run(args.toArray(new String[0]));
            List<String> dashed = new ArrayList<>(List.of(path(c).split(" ")));
            dashed.add("--help");
            Cli.Result viaOption = cli().run(dashed.toArray(new String[0]));
            assertEquals(0, viaHelp.code(), viaHelp.toString());
            assertEquals(viaOption.out(), viaHelp.out(), String.join(" ", args));
            assertTrue(viaHelp.out().startsWith("Usage: hd " + path(c)), viaHelp.out());
        }
    }

    @Test
    void mistakesSayWhatIsWrongAndWhereToReadOn() {
        Cli.Result typo = cli().run("biuld");
        assertEquals(2, typo.code(), typo.toString());
        assertEquals("hd: 'biuld' is not a command of 'hd'\nhint: did you mean 'build'? (see 'hd --help')\n", typo.err());
        assertFalse(typo.err().contains("Usage:"), "no wall of usage text");

        Cli.Result option = cli().run("build", "--jbos", "2");
        assertEquals(2, option.code(), option.toString());
        assertEquals("hd: unknown option '--jbos' for 'hd build'\nhint: did you mean '--jobs'? (see 'hd help build')\n",
                option.err());

        Cli.Result nested = cli().run("config", "set", "build.jobs");
        assertEquals(2, nested.code(), nested.toString());
        assertTrue(nested.err().startsWith("hd: Missing required parameter: 'VALUE'\n"), nested.err());
        assertTrue(nested.err().endsWith("hint: see 'hd help config set'\n"), nested.err());

        Cli.Result help = cli().run("help", "nope");
        assertEquals(2, help.code(), help.toString());
        assertTrue(help.err().startsWith("hd: 'nope' is not a command of 'hd'"), help.err());

        Cli.Result usage = cli().run("resolve", "a", "b");
        assertEquals(2, usage.code(), usage.toString());
        assertTrue(usage.err().endsWith("hint: see 'hd help resolve'\n"), usage.err());
    }
}
