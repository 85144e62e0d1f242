package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Option;

class CommandSelectionTest {
    @TempDir
    Path tmp;

    private static Optional<String> scan(String... args) {
        return CommandSelection.subcommand(args);
    }

    @Test
    void findsTheSubcommandBehindGlobalOptionsInEverySpelling() {
        assertEquals(Optional.of("build"), scan("build"));
        assertEquals(Optional.of("build"), scan("build", "--help"));
        assertEquals(Optional.of("build"), scan("--store", "/s", "build", "-j", "2"));
        assertEquals(Optional.of("build"), scan("--store=/s", "build"));
        assertEquals(Optional.of("build"), scan("--store", "build", "build")); // a store named build
        assertEquals(Optional.of("resolve"), scan("-C", "dir", "resolve"));
        assertEquals(Optional.of("resolve"), scan("-Cdir", "resolve"));
        assertEquals(Optional.of("resolve"), scan("-vC", "dir", "resolve"));
        assertEquals(Optional.of("resolve"), scan("-vqCdir", "resolve"));
        assertEquals(Optional.of("fetch"), scan("-v", "--quiet", "--mirror", "m", "fetch"));
    }

    @Test
    void registersEverythingWheneverItIsNotSure() {
        for (List<String> args : List.of(List.<String>of(), List.of("help", "build"), List.of("--help"), List.of("-h"),
                List.of("-V", "build"), List.of("--version"), List.of("-vh", "build"), List.of("--bogus", "build"),
                List.of("-x", "build"), List.of("--", "build"), List.of("--store"), List.of("--store", "-v", "build"),
                List.of("-C"), List.of("-vC", "--quiet", "build"), List.of("", "build"))) {
            assertEquals(Optional.empty(), scan(args.toArray(new String[0])), args.toString());
        }
    }

    @Test
    void theScanKnowsExactlyTheGlobalOptionsOfMain() {
        Set<String> flags = new HashSet<>();
        Set<String> valued = new HashSet<>();
        for (Field f : Main.class.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o != null) {
                (f.getType() == boolean.class ? flags : valued).addAll(List.of(o.names()));
            }
        }
        assertEquals(CommandSelection.FLAGS, flags, "add the new global flag to CommandSelection.FLAGS");
        assertEquals(CommandSelection.VALUE_OPTIONS, valued, "add the new global option to CommandSelection.VALUE_OPTIONS");
    }

    @Test
    void onlyTheNamedSubcommandIsRegistered() {
        CommandLine cl = Main.commandLine(ctx(new StringWriter(), new StringWriter()), new String[] {"--store", "/s", "build"});
        assertEquals(Set.of("build"), cl.getSubcommands().keySet());
        CommandLine all = Main.commandLine(ctx(new StringWriter(), new StringWriter()));
        assertTrue(all.getSubcommands().keySet().containsAll(Set.of("help", "resolve", "build", "fetch", "env")),
                all.getSubcommands().keySet().toString());
    }

    @Test
    void helpAndErrorsReadTheSameAsWithEveryCommandRegistered() {
        for (List<String> args : List.of(List.of("build", "--help"), List.of("resolve", "--bogus"), List.of("biuld"),
                List.of("--store", tmp.toString(), "env", "--help"), List.of("fetch", "-h"))) {
            String[] a = args.toArray(new String[0]);
            StringWriter out1 = new StringWriter();
            StringWriter err1 = new StringWriter();
            int selective = Main.run(ctx(out1, err1), a);
            StringWriter out2 = new StringWriter();
            StringWriter err2 = new StringWriter();
            CliContext full = ctx(out2, err2);
            int all = Main.commandLine(full).execute(a);
            full.out().flush();
            full.err().flush();
            assertEquals(all, selective, args.toString());
            assertEquals(out2.toString(), out1.toString(), args.toString());
            assertEquals(err2.toString(), err1.toString(), args.toString());
        }
    }

    @Test
    void aMisspeltCommandStillGetsASuggestion() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(Main.USAGE, Main.run(ctx(out, err), "biuld"));
        assertTrue(err.toString().contains("build"), err.toString());
    }

    private CliContext ctx(StringWriter out, StringWriter err) {
        return new CliContext(tmp, Map.of("HOME", tmp.toString()), new PrintWriter(out), new PrintWriter(err), false);
    }
}
