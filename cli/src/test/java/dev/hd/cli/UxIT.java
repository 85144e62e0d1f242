package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.builder.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path with real builds: {@code hd init}, {@code hd build}, {@code hd run},
 * {@code hd shell}, {@code hd show} of a built package, {@code hd venv} and its update after
 * the stack changed.
 */
class UxIT {
    @TempDir
    Path tmp;

    private Cli cli(Path cwd) {
        return new Cli(cwd, tmp.resolve("store"));
    }

    @Test
    void fromInitToABuiltProfileARunAndAShell() throws Exception {
        Cli.Result init = cli(tmp).run("init", "mystack");
        assertEquals(0, init.code(), init.toString());
        Path stack = tmp.resolve("mystack");
        Cli hd = cli(stack);
        Cli.Result build = hd.run("build");
        assertEquals(0, build.code(), build.toString());
        assertTrue(build.out().contains("Built 1 package in "), build.out());
        assertTrue(Files.isExecutable(stack.resolve(".hd/profile/bin/hello")));

        Cli.Result run = hd.run("run", "hello", "newcomer");
        assertEquals(0, run.code(), run.toString());
        assertEquals("Hello, newcomer!\n", run.out());
        Cli.Result status = hd.run("run", "--", "sh", "-c", "echo \"$HD_PROFILE\"; exit 7");
        assertEquals(7, status.code(), "hd run exits with the command's status: " + status);
        assertEquals(stack.resolve(".hd/profile") + "\n", status.out());
        Cli.Result missing = hd.run("run", "no-such-command");
        assertEquals(127, missing.code(), missing.toString());
        assertTrue(missing.err().contains("hint: "), missing.err());

        // a non-interactive bash reads $BASH_ENV first: there it shows what the shell got
        Path rc = tmp.resolve("rc.sh");
        Files.writeString(rc, "echo \"shell PATH=$PATH\"; echo \"HD_SHELL=$HD_SHELL\"; hello shell\n");
        Cli.Result shell = hd.env("BASH_ENV", rc.toString()).run("shell", "--shell-type", "bash");
        assertEquals(0, shell.code(), shell.toString());
        assertTrue(shell.out().contains("shell PATH=" + stack.resolve(".hd/profile/bin") + ":/usr/bin:/bin\n"), shell.out());
        assertTrue(shell.out().contains("HD_SHELL=" + stack.resolve(".hd/profile") + "\n"), shell.out());
        assertTrue(shell.out().contains("Hello, shell!\n"), shell.out());
        Cli.Result noShell = hd.env("SHELL", "/nowhere/nosh").run("shell");
        assertEquals(1, noShell.code(), noShell.toString());
        assertTrue(noShell.err().contains("hint: install it, or name another with --shell-type"), noShell.err());

        // the edit-build loop: a parameter changed on the command line, then in stack.yaml
        assertEquals("Howdy, you!\n", runBuilt(hd, "greeting=Howdy"));
        Files.writeString(stack.resolve("stack.yaml"),
                Files.readString(stack.resolve("stack.yaml")).replace("greeting: Hello", "greeting: Hej"));
        assertEquals("Hej, you!\n", runBuilt(hd));
    }

    private static String runBuilt(Cli hd, String... overrides) {
        String[] args = new String[overrides.length + 1];
        args[0] = "build";
        System.arraycopy(overrides, 0, args, 1, overrides.length);
        Cli.Result b = hd.run(args);
        assertEquals(0, b.code(), b.toString());
        Cli.Result r = hd.run("run", "hello", "you");
        assertEquals(0, r.code(), r.toString());
        return r.out();
    }

    @Test
    void showOfABuiltPackageReadsItsArtifact() throws Exception {
        Path stack = tmp.resolve("stack");
        CliHarness.copyTree(CliHarness.examples(), stack);
        Cli hd = cli(stack);
        assertEquals(0, hd.run("build", "-j", "2").code());
        Cli.Result summary = hd.run("show", "libgreet");
        assertTrue(summary.out().contains("  built:       "), summary.out());
        Cli.Result log = hd.run("show", "libgreet", "log");
        assertEquals(0, log.code(), log.toString());
        assertTrue(log.out().contains("built libgreet with greeting 'Hello'"), log.out());
        Cli.Result env = hd.run("show", "hello", "env");
        assertTrue(env.out().contains("-I" + tmp.resolve("store") + "/bld/libgreet/"), "built dependencies count: " + env);
        assertEquals("", env.err(), "no 'not built' note: " + env.err());
        Cli.Result script = hd.run("show", "libgreet", "script");
        Store store = new Store(tmp.resolve("store"));
        String id = summary.out().substring(summary.out().indexOf("  ") + 2, summary.out().indexOf('\n')).strip();
        assertEquals(Files.readString(store.buildsDir().resolve("libgreet").resolve(id).resolve(".hd/build.sh")),
                script.out(), "the script that ran");
    }

    @Test
    void aVenvIsWritableSurvivesAsAGcRootAndFollowsTheStackKeepingTheUsersFiles() throws Exception {
        Path stack = tmp.resolve("stack");
        CliHarness.copyTree(CliHarness.examples(), stack);
        Cli hd = cli(stack);
        assertEquals(0, hd.run("build", "-j", "2").code());
        Path venv = tmp.resolve("venv");
        Cli.Result made = hd.run("venv", venv.toString());
        assertEquals(0, made.code(), made.toString());
        assertTrue(made.out().startsWith("Made the venv " + venv + ": "), made.out());
        assertTrue(Files.isSymbolicLink(venv.resolve("bin/hello")));
        assertFalse(Files.isSymbolicLink(venv.resolve("bin")));

        // the user installs into it: the store is untouched
        Files.writeString(venv.resolve("bin/my-tool"), "#!/bin/sh\necho mine\n");
        venv.resolve("bin/my-tool").toFile().setExecutable(true);
        Cli.Result mine = cli(tmp).run("run", "--stack", venv.toString(), "my-tool");
        assertEquals("mine\n", mine.out(), mine.toString());
        Cli.Result hello = cli(tmp).run("run", "--stack", venv.toString(), "hello", "venv");
        assertEquals("Hello, venv!\nHELLO, VENV!\n", hello.out(), hello.toString());
        Cli.Result env = cli(tmp).run("env", venv.toString());
        assertTrue(env.out().contains("export PATH='" + venv + "/bin'"), env.out());

        // the stack changes and is rebuilt: the venv follows, the user's file stays
        Path greet = stack.resolve("stack.yaml");
        Files.writeString(greet, Files.readString(greet).replace("greeting: Hello", "greeting: Moin"));
        assertEquals(0, hd.run("build", "-j", "2").code());
        Cli.Result update = cli(tmp).run("venv", "--update", venv.toString());
        assertEquals(0, update.code(), update.toString());
        assertTrue(update.out().contains(" updated, "), update.out());
        assertEquals("Moin, venv!\nMOIN, VENV!\n", cli(tmp).run("run", "--stack", venv.toString(), "hello", "venv").out());
        assertEquals("mine\n", cli(tmp).run("run", "--stack", venv.toString(), "my-tool").out());

        // a file of the user's where the profile has one: reported, not overwritten, exit 1
        Files.delete(venv.resolve("bin/hello"));
        Files.writeString(venv.resolve("bin/hello"), "#!/bin/sh\necho patched\n");
        Files.writeString(greet, Files.readString(greet).replace("greeting: Moin", "greeting: Servus"));
        assertEquals(0, hd.run("build", "-j", "2").code());
        Cli.Result conflict = cli(tmp).run("venv", "--update", venv.toString());
        assertEquals(1, conflict.code(), conflict.toString());
        assertTrue(conflict.err().contains("  bin/hello: the profile has a link to "), conflict.err());
        assertTrue(conflict.err().contains("hint: move them away and run 'hd venv --update "), conflict.err());
        assertTrue(Files.readString(venv.resolve("bin/hello")).contains("patched"));

        // GC contract: the venv's .hd/profile is a root naming the profile it mirrors
        Path root = venv.resolve(".hd/profile");
        assertTrue(Files.readSymbolicLink(root).startsWith(tmp.resolve("store/profiles")));
        boolean registered = false;
        try (var roots = Files.list(tmp.resolve("store/gcroots"))) {
            for (Path r : roots.toList()) {
                registered |= Files.readSymbolicLink(r).equals(root);
            }
        }
        assertTrue(registered, "gcroots/ has a link to " + root);
    }

    @Test
    void configBuildJobsIsWhatHdBuildUses() throws Exception {
        Path stack = tmp.resolve("stack");
        Files.createDirectories(stack.resolve("pkgs"));
        Files.writeString(stack.resolve("stack.yaml"), "packages:\n  j:\n");
        Files.writeString(stack.resolve("pkgs/j.yaml"), "build_stages:\n  - name: b\n    bash: |\n"
                + "      mkdir -p \"$ARTIFACT/share\"; echo \"$HD_JOBS\" > \"$ARTIFACT/share/jobs\"\n");
        Cli hd = cli(stack);
        assertEquals(0, hd.run("config", "set", "build.jobs", "3").code());
        assertEquals(0, hd.run("build").code());
        assertEquals("3\n", Files.readString(stack.resolve(".hd/profile/share/jobs")));
        Files.writeString(stack.resolve("pkgs/j.yaml"), Files.readString(stack.resolve("pkgs/j.yaml")) + "version: '2'\n");
        assertEquals(0, hd.run("build", "-j", "1").code());
        assertEquals("1\n", Files.readString(stack.resolve(".hd/profile/share/jobs")), "-j wins over the config");
    }
}
