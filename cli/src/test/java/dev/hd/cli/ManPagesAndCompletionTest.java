package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Man pages and completion come from the command model: every command, every option, the right kinds. */
class ManPagesAndCompletionTest {
    @TempDir
    Path tmp;

    @Command(name = "demo")
    static final class Demo {
        enum Color { red, green }

        @Option(names = "--color") Color color;
        @Option(names = "--flag") boolean flag;
        @Option(names = "--out", paramLabel = "FILE") String out;
        @Option(names = "--in") Path in;
        @Option(names = "--rev", paramLabel = "REV") String rev;
        @Option(names = "-n", paramLabel = "N") int n;
        @Parameters(index = "0", paramLabel = "PKG") String pkg;
        @Parameters(index = "1", paramLabel = "[DIR|REV]") String stack;
        @Parameters(index = "2..*", paramLabel = "CMD") List<String> cmd;
    }

    @Test
    void argumentKindsComeFromLabelsTypesAndCandidates() {
        CommandLine.Model.CommandSpec s = new CommandLine(new Demo()).getCommandSpec();
        assertEquals("words red green", Completion.kind(s.findOption("--color")));
        assertEquals("", Completion.kind(s.findOption("--flag")), "a flag takes no value");
        assertEquals("file", Completion.kind(s.findOption("--out")));
        assertEquals("file", Completion.kind(s.findOption("--in")));
        assertEquals("revision", Completion.kind(s.findOption("--rev")));
        assertEquals("none", Completion.kind(s.findOption("-n")));
        assertEquals("package", Completion.kind(s.positionalParameters().get(0)));
        assertEquals("stack", Completion.kind(s.positionalParameters().get(1)));
        assertEquals("executable", Completion.kind(s.positionalParameters().get(2)));
    }

    @Test
    void completionCoversEveryCommandAndOptionOfTheModel() {
        CommandLine root = GenerateDocs.model();
        Completion c = new Completion(root);
        String bash = c.bash();
        String zsh = c.zsh();
        String options = bash.substring(bash.indexOf("__hd_options() {"), bash.indexOf("__hd_option_kind() {"));
        for (CommandLine cmd : HelpTest.commands()) {
            String path = Completion.path(cmd);
            String start = "    \"" + path + "\") echo \"";
            int at = options.indexOf(start);
            assertTrue(at >= 0, "no options line for '" + path + "'");
            List<String> words = List.of(options.substring(at + start.length(), options.indexOf('"', at + start.length()))
                    .split(" "));
            for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertTrue(words.containsAll(List.of(o.names())), path + " " + o.longestName() + ": " + words);
                }
            }
        }
        assertTrue(bash.contains("    \"\") echo \"help "), "the top-level commands");
        assertFalse(bash.contains("__complete\""), "hidden commands are not offered");
        assertTrue(bash.contains("complete -F _hd hd\n"));
        assertTrue(zsh.startsWith("#compdef hd\n"));
        // zsh: 'path' is PATH, never a local of the walk
        assertFalse(zsh.contains("local path") || zsh.contains(" path="), zsh);
    }

    @Test
    void aManPageForEveryCommandWithItsOptionsAndExamples() throws Exception {
        GenerateDocs.write(tmp, "1.2.3");
        Map<String, String> pages = new ManPages(GenerateDocs.model(), "1.2.3").pages();
        for (CommandLine cmd : HelpTest.commands()) {
            String name = ManPages.pageName(cmd) + ".1";
            assertTrue(pages.containsKey(name), name);
            assertEquals(pages.get(name), Files.readString(tmp.resolve("man").resolve(name)));
        }
        String build = pages.get("hd-build.1");
        assertTrue(build.contains(".TH HD-BUILD 1 \"\" \"hd 1.2.3\" \"hd manual\"\n"), build);
        assertTrue(build.contains(".SH NAME\nhd\\-build \\- Build what is missing"), build);
        assertTrue(build.contains("\\fB\\-j\\fR, \\fB\\-\\-jobs\\fR=\\fIN\\fR\n"), build);
        assertTrue(build.contains(".SH EXAMPLES\n.nf\n.RS 4\nhd build\nhd build examples \\-j 4\n"), build);
        String root = pages.get("hd.1");
        assertTrue(root.contains(".SH COMMANDS\n") && root.contains("\\fBbuild\\fR\n"), root);
        assertTrue(root.contains(".SH EXIT STATUS\n0 ok, 1 failure"), root);
        assertTrue(Files.isRegularFile(tmp.resolve("completion/hd.bash")));
        assertTrue(Files.isRegularFile(tmp.resolve("completion/_hd")));
        assertEquals("\\&.hd/profile \\e", ManPages.text(".hd/profile \\"));
    }

    @Test
    void completeListsTheStacksPackages() throws Exception {
        Path stack = tmp.resolve("stack");
        CliHarness.copyTree(CliHarness.examples(), stack);
        Cli.Result r = new Cli(stack, tmp.resolve("store")).run("__complete", "packages");
        assertEquals(0, r.code(), r.toString());
        assertEquals("hello\nlibgreet\nlibshout\n", r.out());
        Files.writeString(stack.resolve("pkgs/hello.yaml"), "version: [broken\n");
        assertEquals("hello\nlibgreet\nlibshout\n", new Cli(stack, tmp.resolve("store")).run("__complete", "packages").out(),
                "a stack that does not resolve still offers its spec files");
        assertEquals("", new Cli(tmp, tmp.resolve("store")).run("__complete", "packages").out(), "no stack, nothing");
    }
}
