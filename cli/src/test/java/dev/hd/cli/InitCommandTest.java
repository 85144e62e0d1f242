package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hd init}: a stack that resolves, in a git repository, and nothing overwritten. */
class InitCommandTest {
    @TempDir
    Path tmp;

    @Test
    void makesAStackInANewRepository() throws Exception {
        Cli hd = new Cli(tmp, tmp.resolve("store"));
        Cli.Result r = hd.run("init", "mystack");
        assertEquals(0, r.code(), r.toString());
        Path d = tmp.resolve("mystack");
        assertTrue(r.out().startsWith("Created a stack in " + d + " (a new git repository, branch main)\n"), r.out());
        assertTrue(r.out().contains("\n  cd mystack\n  hd build "), r.out());
        assertEquals("ref: refs/heads/main\n", Files.readString(d.resolve(".git/HEAD")));
        assertEquals(InitCommand.GITIGNORE, Files.readString(d.resolve(".gitignore")));
        assertTrue(Files.readString(d.resolve(".gitignore")).contains("\n.hd/\n"));

        Cli.Result resolve = new Cli(d, tmp.resolve("store")).run("resolve");
        assertEquals(0, resolve.code(), resolve.toString());
        assertTrue(resolve.out().startsWith("hello  1.0         "), resolve.out());
        Cli.Result script = new Cli(d, tmp.resolve("store")).run("show", "hello", "script");
        assertTrue(script.out().contains("echo \"Hello, ${1:-world}!\"\nEOF\n"), script.out());
    }

    @Test
    void insideARepositoryItMakesNoNewOne() throws Exception {
        Cli hd = new Cli(tmp, tmp.resolve("store"));
        assertEquals(0, hd.run("init", "repo").code());
        Files.delete(tmp.resolve("repo/stack.yaml"));
        Files.delete(tmp.resolve("repo/pkgs/hello.yaml"));
        Files.delete(tmp.resolve("repo/.gitignore"));
        Cli.Result sub = new Cli(tmp.resolve("repo"), tmp.resolve("store")).run("init", "stacks/one");
        assertEquals(0, sub.code(), sub.toString());
        assertTrue(sub.out().contains("(inside the git repository " + tmp.resolve("repo").toRealPath() + ")"), sub.out());
        assertTrue(!Files.exists(tmp.resolve("repo/stacks/one/.git")));
    }

    @Test
    void refusesToOverwrite() throws Exception {
        Cli hd = new Cli(tmp, tmp.resolve("store"));
        assertEquals(0, hd.run("init", "s").code());
        Cli.Result again = hd.run("init", "s");
        assertEquals(1, again.code(), again.toString());
        assertTrue(again.err().startsWith("hd: " + tmp.resolve("s") + " already holds a stack (it has a stack.yaml)\n"),
                again.err());
        assertTrue(again.err().contains("hint: build it with 'hd build s'"), again.err());

        Files.createDirectories(tmp.resolve("t"));
        Files.writeString(tmp.resolve("t/.gitignore"), "mine\n");
        Cli.Result clash = hd.run("init", "t");
        assertEquals(1, clash.code(), clash.toString());
        assertTrue(clash.err().contains("it has .gitignore already"), clash.err());
        assertTrue(clash.err().contains("hint: move them away"), clash.err());
        assertEquals("mine\n", Files.readString(tmp.resolve("t/.gitignore")));
        assertTrue(!Files.exists(tmp.resolve("t/stack.yaml")));
    }
}
