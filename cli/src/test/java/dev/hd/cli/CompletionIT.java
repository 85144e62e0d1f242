package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated completion scripts in real shells: commands, options, option values, config
 * keys, package names of the stack (asked of hd) and git revisions (asked of git).
 */
class CompletionIT {
    @TempDir
    Path tmp;
    Path gen;
    Path bin;
    Path stack;

    @BeforeEach
    void setUp() throws Exception {
        gen = tmp.resolve("gen");
        GenerateDocs.write(gen, "test");
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path hd = bin.resolve("hd");
        Files.writeString(hd, "#!/bin/sh\nexec " + EnvCommand.posixQuote(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
                + EnvCommand.posixQuote(System.getProperty("java.class.path")) + " dev.hd.cli.Main \"$@\"\n");
        hd.toFile().setExecutable(true);
        stack = tmp.resolve("stack");
        CliHarness.copyTree(CliHarness.examples(), stack);
        git("init", "-q", "-b", "main");
        git("config", "user.name", "Test");
        git("config", "user.email", "test@example.org");
        git("add", "-A");
        git("commit", "-q", "-m", "stack");
        git("branch", "feature");
        git("tag", "v1");
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(stack.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private List<String> shell(List<String> cmd, Path cwd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("HD_STORE", tmp.resolve("store").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** What bash offers for the line (the last word is the one being completed; "" after a space). */
    private List<String> bash(String line, Path cwd) throws Exception {
        List<String> words = new ArrayList<>(Arrays.asList(line.split(" ", -1)));
        StringBuilder arr = new StringBuilder();
        for (String w : words) {
            arr.append(EnvCommand.posixQuote(w)).append(' ');
        }
        String script = "source " + EnvCommand.posixQuote(gen.resolve("completion/hd.bash").toString()) + "\n"
                + "COMP_WORDS=(" + arr + ")\nCOMP_CWORD=" + (words.size() - 1) + "\n"
                + "COMP_LINE=" + EnvCommand.posixQuote(line) + "\n_hd\nprintf '%s\\n' \"${COMPREPLY[@]}\" | sort\n";
        List<String> out = new ArrayList<>(shell(List.of("/bin/bash", "--norc", "-c", script), cwd));
        out.remove("");
        return out;
    }

    private List<String> bash(String line) throws Exception {
        return bash(line, stack);
    }

    /** What zsh offers (compadd and friends replaced by printing functions), filtered by the prefix typed. */
    private List<String> zsh(String line) throws Exception {
        List<String> words = new ArrayList<>(Arrays.asList(line.split(" ", -1)));
        StringBuilder arr = new StringBuilder();
        for (String w : words) {
            arr.append(EnvCommand.posixQuote(w)).append(' ');
        }
        String script = "compdef() { :; }\n"
                + "compadd() { if [[ $1 == -a ]]; then print -rl -- ${(P)2}; else"
                + " while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -rl -- \"$@\"; fi }\n"
                + "_files() { print -r -- '<files>'; }\n_directories() { print -r -- '<dirs>'; }\n"
                + "_command_names() { print -r -- '<commands>'; }\n"
                + "source " + EnvCommand.posixQuote(gen.resolve("completion/_hd").toString()) + "\n"
                + "words=(" + arr + ")\nCURRENT=" + words.size() + "\n_hd\n";
        String prefix = words.get(words.size() - 1);
        List<String> out = new ArrayList<>();
        for (String s : shell(List.of("/usr/bin/zsh", "-f", "-c", script), stack)) {
            if (s.startsWith(prefix) || s.startsWith("<")) {
                out.add(s);
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void bashCompletesCommandsOptionsValuesPackagesAndRevisions() throws Exception {
        assertEquals(List.of("build"), bash("hd bu"));
        List<String> all = bash("hd ");
        assertTrue(all.containsAll(List.of("init", "build", "show", "venv", "config", "help", "run", "shell")), all.toString());
        assertFalse(all.contains("__complete"), "hidden commands are not offered");
        assertEquals(List.of("get", "list", "set", "unset"), bash("hd config "));
        assertEquals(List.of("build.jobs"), bash("hd config get build."));
        assertEquals(List.of("--jobs"), bash("hd build --jo"));
        assertEquals(List.of("bash", "fish", "zsh"), bash("hd env --shell-type "));
        assertEquals(List.of("hello", "libgreet", "libshout"), bash("hd show "), "the stack's packages, from hd");
        assertEquals(List.of("buildspec", "env", "log", "script"), bash("hd show hello "));
        assertEquals(List.of("feature"), bash("hd build fe"), "a revision");
        assertEquals(List.of("v1"), bash("hd build v"));
        assertEquals(List.of("pkgs"), bash("hd build pk"), "or a directory");
        assertTrue(bash("hd --store /tmp/s build --rev ").containsAll(List.of("HEAD", "feature", "main", "v1")));
        assertEquals(List.of("config"), bash("hd help conf"));
        assertEquals(List.of("set"), bash("hd help config s"));
        assertTrue(bash("hd run -- ech").contains("echo"), "a command after --");
        assertEquals(List.of("hello", "libgreet", "libshout"), bash("hd -C stack show ", tmp), "-C names the stack");
        assertEquals(List.of("feature"), bash("hd -C stack build --rev f", tmp));
    }

    @Test
    void zshCompletesTheSame() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed");
        assertEquals(List.of("build"), zsh("hd bu"));
        assertEquals(List.of("get", "list", "set", "unset"), zsh("hd config "));
        assertEquals(List.of("--jobs"), zsh("hd build --jo"));
        assertEquals(List.of("hello", "libgreet", "libshout"), zsh("hd show "));
        assertEquals(List.of("feature"), zsh("hd build --rev fe"));
        assertEquals(List.of("<dirs>", "feature"), zsh("hd build fe"), "directories and revisions");
        assertEquals(List.of("set"), zsh("hd help config s"));
        assertEquals(List.of("<commands>"), zsh("hd run -- ech"));
    }
}
