package dev.hd.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook script itself, run by real git commands in a real repository, against a store laid
 * out by hand the way hd writes it (docs/git.md): the fast path needs nothing but sh and git.
 */
class HookScriptIT {
    static final String CONTEXT = "0123456789abcdef";

    @TempDir
    Path tmp;
    Path repo;
    Path store;
    Path hooks;
    String top;
    String commitA;
    String commitB;
    String treeA;
    String treeB;
    String pidA = "a".repeat(32);
    String pidB = "b".repeat(32);

    record Run(int code, String out) {
    }

    Run git(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_CONFIG_GLOBAL", "/dev/null", "LC_ALL", "C"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    String git(String... args) throws Exception {
        Run r = git(repo, Map.of(), args);
        assertEquals(0, r.code(), "git " + String.join(" ", args) + "\n" + r.out());
        return r.out().strip();
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    Path link() {
        return repo.resolve("stack/.hd/profile");
    }

    void profile(String pid) throws IOException {
        Path p = Files.createDirectories(store.resolve("profiles").resolve(pid));
        Files.writeString(p.resolve(".hd-profile.json"), "{}\n");
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L)); // 2001
    }

    void treeEntry(String tree, String pid) throws IOException {
        Path d = Files.createDirectories(store.resolve("refs/trees").resolve(CONTEXT));
        Files.writeString(d.resolve(tree), pid + "\n");
    }

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        store = tmp.resolve("store");
        git("init", "-q", "-b", "a");
        git("config", "user.name", "Test");
        git("config", "user.email", "test@example.org");
        Files.createDirectories(repo.resolve("stack/pkgs"));
        Files.writeString(repo.resolve(".gitignore"), ".hd/\n");
        Files.writeString(repo.resolve("stack/stack.yaml"), "packages: {x: }\n");
        Files.writeString(repo.resolve("stack/pkgs/x.yaml"), "version: 1\n");
        git("add", "-A");
        git("commit", "-q", "-m", "a");
        commitA = git("rev-parse", "HEAD");
        treeA = git("rev-parse", "HEAD:stack");
        git("checkout", "-q", "-b", "b");
        Files.writeString(repo.resolve("stack/pkgs/x.yaml"), "version: 2\n");
        git("commit", "-q", "-am", "b");
        commitB = git("rev-parse", "HEAD");
        treeB = git("rev-parse", "HEAD:stack");
        git("checkout", "-q", "a");

        top = repo.toRealPath().toString();
        Path stack = Files.createDirectories(store.resolve("refs").resolve(sha256(top).substring(0, 16))
                .resolve("stacks").resolve(sha256("stack").substring(0, 16)));
        Files.writeString(stack.resolve("dir"), "stack\n");
        profile(pidA);
        profile(pidB);
        treeEntry(treeA, pidA);
        treeEntry(treeB, pidB);
        Files.createDirectories(link().getParent());
        Files.createSymbolicLink(link(), store.resolve("profiles").resolve(pidA));

        hooks = repo.resolve(".git/hooks");
        Files.createDirectories(hooks);
        Files.writeString(hooks.resolve("post-checkout"), "#!/bin/sh\necho \"chained $*\" >> \"" + tmp.resolve("chained.log") + "\"\n");
        Files.setPosixFilePermissions(hooks.resolve("post-checkout"), PosixFilePermissions.fromString("rwxr-xr-x"));
        install(false, "/nonexistent/hd");
    }

    void install(boolean build, String hd) throws Exception {
        // installed for this repository: the hook knows its key without hashing
        Hooks.install(hooks, new Hooks.Config(store, hd, CONTEXT, build, repo.toRealPath(), sha256(top).substring(0, 16)));
    }

    String linkTarget() throws IOException {
        return Files.readSymbolicLink(link()).toString();
    }

    List<String> generations() throws Exception {
        String key = sha256(repo.resolve("stack/.hd").toRealPath() + "/profile").substring(0, 32);
        Path log = store.resolve("generations").resolve(key + ".log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void checkoutOfABuiltRevisionSwitchesTheLinkAndRecordsAGeneration() throws Exception {
        Run r = git(repo, Map.of(), "checkout", "b");
        assertEquals(0, r.code(), r.out());
        assertEquals(store.resolve("profiles").resolve(pidB).toString(), linkTarget());
        assertTrue(r.out().contains("hd: stack/.hd/profile -> profile " + pidB.substring(0, 12) + " (built for "
                + commitB.substring(0, 12) + ")"), r.out());
        assertTrue(Files.getLastModifiedTime(store.resolve("profiles").resolve(pidB)).toMillis() > System.currentTimeMillis() - 600_000,
                "the profile's last activation is now");
        List<String> gens = generations();
        assertEquals(1, gens.size(), gens.toString());
        assertTrue(gens.get(0).matches("[0-9]+ " + pidB + " rev refs/heads/b " + commitB), gens.get(0));
        assertEquals("chained " + commitA + " " + commitB + " 1\n", Files.readString(tmp.resolve("chained.log")),
                "the hook that was there ran first, with git's arguments");
        assertFalse(Files.exists(repo.resolve("stack/.hd/.profile.tmp-" + 0)), "no temporary link left");
        try (var s = Files.list(repo.resolve("stack/.hd"))) {
            assertEquals(List.of(".generation-key", "profile"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary link or marker left");
        }
        // the key is kept with the path it is of: a stale one (the repository moved) is computed afresh
        Files.writeString(repo.resolve("stack/.hd/.generation-key"), "/elsewhere/.hd/profile\n" + "0".repeat(32) + "\n");
        git("switch", "-q", "a");
        assertEquals(2, generations().size(), "the right log: " + generations());
        assertFalse(Files.exists(store.resolve("generations").resolve("0".repeat(32) + ".log")));

        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget());
        git("checkout", "-q", commitB);
        assertEquals(store.resolve("profiles").resolve(pidB).toString(), linkTarget());
        assertTrue(generations().get(2).endsWith(" " + pidB + " rev HEAD " + commitB), "a detached HEAD: " + generations());

        git("checkout", "-q", "b");
        assertEquals(3, generations().size(), "the link already names the profile: no new generation");
        // a checkout of a file moves no HEAD and switches nothing
        git("checkout", "a", "--", "stack/pkgs/x.yaml");
        assertEquals(store.resolve("profiles").resolve(pidB).toString(), linkTarget());
    }

    @Test
    void anUnbuiltRevisionKeepsTheProfileMarksItStaleAndSaysHowToBuild() throws Exception {
        git("checkout", "-q", "-b", "c");
        Files.writeString(repo.resolve("stack/pkgs/x.yaml"), "version: 3\n");
        git("commit", "-q", "-am", "c");
        String commitC = git("rev-parse", "HEAD");
        git("checkout", "-q", "a");
        Run r = git(repo, Map.of(), "checkout", "c");
        assertEquals(0, r.code(), r.out());
        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget(), "kept");
        String stackDir = repo.toRealPath().resolve("stack").toString();
        assertTrue(r.out().contains("hd: stack/.hd/profile: " + commitC.substring(0, 12) + " is not built; keeping the current"
                + " profile (marked stale). Build it: hd build " + stackDir + "\n"), r.out());
        StaleMarker.Stale s = StaleMarker.read(link()).orElseThrow();
        assertEquals(commitC, s.commit());
        assertEquals("refs/heads/c", s.ref());
        assertEquals("hd build " + stackDir, s.buildCommand());
        assertTrue(s.epochSeconds() > 1_600_000_000L);

        // the profile an entry names must exist: a vanished one is "not built"
        Files.delete(store.resolve("profiles").resolve(pidB).resolve(".hd-profile.json"));
        git("checkout", "-q", "b");
        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget());
        assertEquals(commitB, StaleMarker.read(link()).orElseThrow().commit());

        git("checkout", "-q", "a");
        assertFalse(Files.exists(StaleMarker.of(link())), "back on a built revision: not stale");
    }

    @Test
    void withPackagesInDevelopModeTheTreeMapIsNotTrustedTheProfileIsMarkedStale() throws Exception {
        // hd develop's state: the profile of a tree built without it is not this checkout's profile
        Files.writeString(repo.resolve("stack/.hd/develop.json"), "{\"format\":1,\"packages\":{\"x\":{\"path\":\"/w/x\"}}}\n");
        Run r = git(repo, Map.of(), "checkout", "b");
        assertEquals(0, r.code(), r.out());
        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget(), "kept, not switched to b's");
        assertTrue(r.out().contains("hd: stack/.hd/profile: " + commitB.substring(0, 12) + " has packages in develop mode;"
                + " keeping the current profile (marked stale). Build it: hd build "), r.out());
        assertEquals(commitB, StaleMarker.read(link()).orElseThrow().commit());
    }

    @Test
    void pullMergeAndRebaseSwitchToo() throws Exception {
        Path clone = tmp.resolve("clone");
        assertEquals(0, git(tmp, Map.of(), "clone", "-q", "-b", "a", repo.toString(), clone.toString()).code());
        // hd knows trees, not repositories: a tree built anywhere is found for this clone too
        Path stack = Files.createDirectories(store.resolve("refs")
                .resolve(sha256(clone.toRealPath().toString()).substring(0, 16)).resolve("stacks/x"));
        Files.writeString(stack.resolve("dir"), "stack\n");
        Files.createDirectories(clone.resolve("stack/.hd"));
        Path cloneLink = clone.resolve("stack/.hd/profile");
        Files.createSymbolicLink(cloneLink, store.resolve("profiles").resolve(pidA));
        // told of another working tree (as a shared core.hooksPath would be): the hook hashes its own path
        Hooks.install(clone.resolve(".git/hooks"), new Hooks.Config(store, "hd", CONTEXT, false, repo.toRealPath(),
                sha256(top).substring(0, 16)));

        git("merge", "-q", "--ff-only", "b"); // the origin's branch a moves to commit b
        Run pull = git(clone, Map.of(), "pull", "-q", "--ff-only");
        assertEquals(0, pull.code(), pull.out());
        assertEquals(store.resolve("profiles").resolve(pidB), Files.readSymbolicLink(cloneLink), pull.out());

        // git commit runs none of hd's hooks; commit --amend (and rebase) run post-rewrite
        Files.writeString(clone.resolve("stack/pkgs/x.yaml"), "version: 1\n");
        String[] who = {"-c", "user.name=T", "-c", "user.email=t@example.org"};
        assertEquals(0, git(clone, Map.of(), who[0], who[1], who[2], who[3], "commit", "-q", "-am", "back to one").code());
        assertEquals(store.resolve("profiles").resolve(pidB), Files.readSymbolicLink(cloneLink));
        Run amend = git(clone, Map.of(), who[0], who[1], who[2], who[3], "commit", "-q", "--amend", "-m", "back to version one");
        assertEquals(0, amend.code(), amend.out());
        assertEquals(store.resolve("profiles").resolve(pidA), Files.readSymbolicLink(cloneLink), "tree A is built: " + amend.out());
    }

    @Test
    void hdHooksOffSkipsHdButNotTheChainedHookWhoseStatusGitSees() throws Exception {
        Run r = git(repo, Map.of("HD_HOOKS", "0"), "checkout", "-q", "b");
        assertEquals(0, r.code(), r.out());
        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget());
        assertTrue(Files.readString(tmp.resolve("chained.log")).contains(commitB));

        Files.writeString(hooks.resolve("post-checkout.hd-chained"), "#!/bin/sh\nexit 3\n");
        Run failing = git(repo, Map.of(), "checkout", "-q", "a");
        // git turns a failing post-checkout into exit status 1, with hd's hook as without it
        assertEquals(1, failing.code(), failing.out());
        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget(), "and hd did its part anyway");
    }

    @Test
    void theStoreAtRunTimeIsHdStoreWhenSet() throws Exception {
        Path other = tmp.resolve("other-store");
        Files.createDirectories(other);
        Files.move(store.resolve("refs"), other.resolve("refs"));
        Files.move(store.resolve("profiles"), other.resolve("profiles"));
        Files.delete(link());
        Files.createSymbolicLink(link(), other.resolve("profiles").resolve(pidA));
        Run r = git(repo, Map.of("HD_STORE", other.toString()), "checkout", "-q", "b");
        assertEquals(0, r.code(), r.out());
        assertEquals(other.resolve("profiles").resolve(pidB).toString(), linkTarget());
        assertTrue(Files.isDirectory(other.resolve("generations")));
    }

    @Test
    void withBuildTheHookRunsHdBuildAndAFailingBuildNeverFailsGit() throws Exception {
        Path fakeHd = tmp.resolve("fake-hd");
        Path calls = tmp.resolve("hd-calls");
        Files.writeString(fakeHd, "#!/bin/sh\necho \"$HD_STORE $*\" >> '" + calls + "'\necho 'hd: building... it failed' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fakeHd, PosixFilePermissions.fromString("rwxr-xr-x"));
        install(true, fakeHd.toString());
        Files.delete(store.resolve("refs/trees").resolve(CONTEXT).resolve(treeB));
        Run r = git(repo, Map.of(), "checkout", "b");
        assertEquals(0, r.code(), r.out());
        String stackDir = repo.toRealPath().resolve("stack").toString();
        assertEquals(store + " build " + stackDir + "\n", Files.readString(calls));
        assertTrue(r.out().contains("hd: stack/.hd/profile: " + commitB.substring(0, 12) + " is not built; building it: hd build "), r.out());
        assertTrue(r.out().contains("the build of " + commitB.substring(0, 12) + " failed (see above); keeping the current profile"
                + " (marked stale)"), r.out());
        assertEquals(store.resolve("profiles").resolve(pidA).toString(), linkTarget());
        assertTrue(StaleMarker.read(link()).isPresent());

        // a built revision takes the fast path even in --build mode: hd is not started
        git("checkout", "-q", "a");
        assertEquals(1, Files.readAllLines(calls).size());
        assertFalse(StaleMarker.read(link()).isPresent());
    }

    @Test
    void aRepositoryHdNeverBuiltIsLeftAloneQuietly() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("plain"));
        assertEquals(0, git(other, Map.of(), "init", "-q", "-b", "main").code());
        Hooks.install(other.resolve(".git/hooks"), new Hooks.Config(store, "hd", CONTEXT, false, other, "fedcba9876543210"));
        Files.writeString(other.resolve("f"), "x\n");
        assertEquals(0, git(other, Map.of(), "add", "f").code());
        assertEquals(0, git(other, Map.of(), "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x").code());
        Run r = git(other, Map.of(), "checkout", "-q", "-b", "topic");
        assertEquals(0, r.code());
        assertEquals("", r.out(), "no word from hd");
    }
}
