package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git workflow of docs/git.md on real repositories: hd checkout between branches, the
 * hooks under plain git checkout/switch/pull, hd build REV, failures that change nothing.
 * The stack is two shell-only packages, so builds take a fraction of a second.
 */
class GitWorkflowIT {
    @TempDir
    Path tmp;
    Path home;
    Path store;
    GitRepo repo;
    Cli hd;

    static final String STACK = "parameters:\n  greeting: Hello\npackages:\n  tool:\n";
    static final String LIB = "version: \"1.0\"\nsources:\n  - path: src/lib\nbuild_stages:\n  - name: install\n    bash: |\n"
            + "      mkdir -p \"$ARTIFACT/share/lib\"\n      cp data.txt \"$ARTIFACT/share/lib/data.txt\"\n"
            + "      echo \"{{version}}\" > \"$ARTIFACT/share/lib/version\"\n";
    static final String TOOL = "version: \"1.0\"\ndependencies: {build: [lib], run: [lib]}\nbuild_stages:\n  - name: install\n"
            + "    bash: |\n      mkdir -p \"$ARTIFACT/bin\"\n"
            + "      printf '#!/bin/sh\\necho \"{{greeting}} from tool {{version}}\"\\n' > \"$ARTIFACT/bin/tool\"\n"
            + "      chmod +x \"$ARTIFACT/bin/tool\"\n";
    static final String DOCS_STAGE = "  - name: docs\n    after: install\n    bash: |\n      mkdir -p \"$ARTIFACT/share/doc\"\n"
            + "      echo 'tool docs' > \"$ARTIFACT/share/doc/tool.txt\"\n";

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        store = tmp.resolve("store");
    }

    /** A repository with the stack in {@code stackDir} ("" for the top) and branches version, param and stage. */
    private Path makeRepo(String stackDir) throws Exception {
        repo = GitRepo.init(tmp.resolve("repo"), home, "main");
        String p = stackDir.isEmpty() ? "" : stackDir + "/";
        repo.write("README", "a stack repository\n");
        repo.write(p + "stack.yaml", STACK).write(p + "pkgs/lib.yaml", LIB).write(p + "pkgs/tool.yaml", TOOL)
                .write(p + "src/lib/data.txt", "data 1\n");
        repo.commit("the stack");
        repo.git("checkout", "-q", "-b", "version");
        repo.write(p + "pkgs/lib.yaml", LIB.replace("\"1.0\"", "\"1.1\"")).commit("lib 1.1");
        repo.git("checkout", "-q", "-b", "param", "main");
        repo.write(p + "stack.yaml", STACK.replace("Hello", "Howdy")).commit("greeting Howdy");
        repo.git("checkout", "-q", "-b", "stage", "main");
        repo.write(p + "pkgs/tool.yaml", TOOL + DOCS_STAGE).commit("tool docs");
        repo.git("checkout", "-q", "main");
        Path dir = stackDir.isEmpty() ? repo.dir : repo.dir.resolve(stackDir);
        hd = cli(dir);
        return dir;
    }

    private Cli cli(Path cwd) {
        Cli c = new Cli(cwd, store);
        GitRepo.env(home).forEach(c::env);
        return c;
    }

    private Cli.Result ok(Cli c, String... args) {
        Cli.Result r = c.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r);
        return r;
    }

    private static String run(Path exe) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(exe.toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** What the profile holds that tells the branches apart. */
    private static String content(Path link) throws Exception {
        Path doc = link.resolve("share/doc/tool.txt");
        return run(link.resolve("bin/tool")).strip() + " | lib " + Files.readString(link.resolve("share/lib/version")).strip()
                + " | " + (Files.exists(doc) ? Files.readString(doc).strip() : "no docs");
    }

    static final Map<String, String> EXPECTED = Map.of(
            "main", "Hello from tool 1.0 | lib 1.0 | no docs",
            "version", "Hello from tool 1.0 | lib 1.1 | no docs",
            "param", "Howdy from tool 1.0 | lib 1.0 | no docs",
            "stage", "Hello from tool 1.0 | lib 1.0 | tool docs");

    @Test
    void checkoutBetweenBuiltBranchesBuildsNothingAndFlipsTheLink() throws Exception {
        Path dir = makeRepo("");
        Path link = dir.resolve(".hd/profile");
        List<String> branches = List.of("version", "param", "stage", "main");
        List<String> profiles = new ArrayList<>();
        for (String b : branches) {
            Cli.Result r = ok(hd, "checkout", b);
            assertTrue(r.out().contains("Built "), r.out());
            assertEquals("Switched to branch '" + b + "'",
                    r.out().lines().filter(l -> l.contains("'" + b + "'")).findFirst().orElse(r.out()));
            assertEquals(EXPECTED.get(b), content(link), b);
            assertEquals(repo.git("rev-parse", b), repo.git("rev-parse", "HEAD"));
            profiles.add(Files.readSymbolicLink(link).toString());
        }
        assertEquals(4, profiles.stream().distinct().count(), "each branch has its own profile: " + profiles);

        int resolutions = StackBuild.RESOLUTIONS.get();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < branches.size(); i++) {
                String b = branches.get(i);
                Cli.Result r = ok(hd, "checkout", b);
                assertTrue(r.out().contains("Nothing to build: 2 packages up to date.\n"), r.out());
                assertFalse(r.out().contains("building"), r.out());
                assertEquals(profiles.get(i), Files.readSymbolicLink(link).toString(), b);
                assertEquals(EXPECTED.get(b), content(link), b);
                assertEquals("ref: refs/heads/" + b, repo.read(".git/HEAD").strip());
            }
        }
        assertEquals(resolutions, StackBuild.RESOLUTIONS.get(), "no spec was parsed: the resolution cache answered");
        assertEquals("", repo.git("status", "--porcelain"), "hd's files stay out of git's view");

        // a commit id and a tag work as well, and detach HEAD as git does
        repo.git("tag", "v-param", "param");
        ok(hd, "checkout", "v-param");
        assertEquals(EXPECTED.get("param"), content(link));
        assertEquals(repo.git("rev-parse", "param"), repo.read(".git/HEAD").strip());
        ok(hd, "checkout", repo.git("rev-parse", "stage").substring(0, 10));
        assertEquals(EXPECTED.get("stage"), content(link));
        assertEquals(resolutions, StackBuild.RESOLUTIONS.get());

        Cli.Result unknown = hd.run("checkout", "no-such-branch");
        assertEquals(1, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown revision 'no-such-branch': not a branch, tag or commit in " + repo.dir.toRealPath()),
                unknown.err());
    }

    @Test
    void checkoutOfABuiltRevisionLoadsNoJGit() throws Exception {
        Path dir = makeRepo("");
        ok(hd, "checkout", "param");
        ok(hd, "checkout", "main");
        ProcessBuilder pb = CliHarness.process(dir, home, "--store", store.toString(), "checkout", "param");
        pb.command().add(1, "-Xlog:class+load=info:file=" + tmp.resolve("classes.txt"));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Nothing to build"), out);
        assertEquals(EXPECTED.get("param"), content(dir.resolve(".hd/profile")));
        List<String> jgit = Files.readAllLines(tmp.resolve("classes.txt")).stream().filter(l -> l.contains("org.eclipse.jgit")).toList();
        assertEquals(List.of(), jgit, "git answers the revision, the dirty check and the checkout");
    }

    @Test
    void hdBuildOfAnOlderRevisionLeavesTheWorkingTreeAndTheLinkAlone() throws Exception {
        Path dir = makeRepo("");
        repo.write("stack.yaml", STACK.replace("Hello", "Hi")).commit("Hi");
        repo.write("stack.yaml", STACK.replace("Hello", "Hey")).commit("Hey");
        ok(hd, "build");
        Path link = dir.resolve(".hd/profile");
        String before = Files.readSymbolicLink(link).toString();
        repo.write("pkgs/tool.yaml", TOOL + "# an uncommitted change\n");
        String status = repo.git("status", "--porcelain");
        String head = repo.git("rev-parse", "HEAD");

        Cli.Result r = ok(hd, "build", "HEAD~2");
        assertTrue(r.out().contains("building tool-1.0"), r.out());
        String pid = r.out().lines().filter(l -> l.startsWith("Profile of HEAD~2 (")).findFirst().orElseThrow();
        assertTrue(pid.contains(" of " + repo.dir.toRealPath() + ": " + store.resolve("profiles")), pid);
        Path built = Path.of(pid.substring(pid.lastIndexOf(": ") + 2));
        assertEquals(EXPECTED.get("main"), content(built), "the profile of HEAD~2 (main's content)");

        assertEquals(before, Files.readSymbolicLink(link).toString(), "the link is untouched");
        assertEquals(status, repo.git("status", "--porcelain"), "the working tree is untouched");
        assertEquals(TOOL + "# an uncommitted change\n", repo.read("pkgs/tool.yaml"));
        assertEquals(head, repo.git("rev-parse", "HEAD"));
        assertEquals("Hey", run(link.resolve("bin/tool")).split(" ")[0]);

        Cli.Result resolve = ok(hd, "resolve", "HEAD~2");
        assertTrue(resolve.out().startsWith("lib "), resolve.out());
        int parsed = StackBuild.RESOLUTIONS.get();
        Cli.Result again = ok(hd, "build", "HEAD~2");
        assertTrue(again.out().startsWith("Nothing to build: 2 packages up to date.\nProfile of HEAD~2 ("), again.out());
        assertEquals(parsed, StackBuild.RESOLUTIONS.get(), "a revision resolved once is not parsed again");
        ok(hd, "build", repo.git("rev-parse", "HEAD~2"));
        ok(hd, "build", "main@{2}"); // the reflog: main two commits ago
        assertEquals(parsed, StackBuild.RESOLUTIONS.get(), "other names of the same stack tree: the same cache entry");
        // HEAD~2's profile is now a lookup for a checkout
        int resolutions = StackBuild.RESOLUTIONS.get();
        Cli.Result forced = ok(hd, "checkout", "--force", "HEAD~2");
        assertTrue(forced.out().contains("Nothing to build"), forced.out());
        assertEquals(resolutions, StackBuild.RESOLUTIONS.get());
        assertEquals(built, Files.readSymbolicLink(link));
        assertEquals(TOOL, repo.read("pkgs/tool.yaml"), "--force discarded the change");
    }

    @Test
    void aStackArgumentIsADirectoryWhenOneExistsElseARevision() throws Exception {
        makeRepo("");
        repo.write("param/stack.yaml", STACK.replace("tool:", "lib:")).write("param/pkgs/lib.yaml", LIB)
                .write("param/src/lib/data.txt", "d\n").commit("a stack directory named like a branch");
        Cli.Result dirWins = ok(hd, "resolve", "param");
        assertEquals(1, dirWins.out().lines().count(), "the directory param/ (one package): " + dirWins.out());
        Cli.Result rev = ok(hd, "resolve", "--rev", "param");
        assertEquals(2, rev.out().lines().count(), "the branch param (two packages): " + rev.out());
        Cli.Result both = hd.run("resolve", "param", "--rev", "main");
        assertEquals(2, both.code(), both.toString());
        Cli.Result neither = hd.run("resolve", "./nowhere");
        assertEquals(1, neither.code());
        assertTrue(neither.err().contains("no stack directory " + repo.dir.resolve("nowhere")), neither.err());
        Cli.Result badRev = hd.run("build", "HEAD~9");
        assertEquals(1, badRev.code());
        assertTrue(badRev.err().contains("unknown revision 'HEAD~9': not a branch, tag or commit in "), badRev.err());
        Cli.Result noRev = hd.run("checkout");
        assertEquals(2, noRev.code(), noRev.toString());
    }

    @Test
    void aFailedBuildDuringCheckoutLeavesTheWorkingTreeAndTheLinkUnchanged() throws Exception {
        Path dir = makeRepo("");
        repo.git("checkout", "-q", "-b", "broken");
        repo.write("pkgs/tool.yaml", TOOL + "  - name: check\n    after: install\n    bash: echo 'the check fails'; exit 3\n")
                .commit("a failing check");
        repo.git("checkout", "-q", "main");
        ok(hd, "build");
        Path link = dir.resolve(".hd/profile");
        String before = Files.readSymbolicLink(link).toString();

        Cli.Result r = hd.run("checkout", "broken");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("building tool-1.0"), r.err());
        assertTrue(r.err().contains("nothing was checked out: the working tree and " + link + " are as they were"), r.err());
        assertEquals(before, Files.readSymbolicLink(link).toString());
        assertEquals("ref: refs/heads/main", repo.read(".git/HEAD").strip());
        assertEquals(TOOL, repo.read("pkgs/tool.yaml"));
        assertEquals("", repo.git("status", "--porcelain"));
        assertEquals(EXPECTED.get("main"), content(link));

        // uncommitted changes: refused before anything is built or moved
        repo.write("stack.yaml", STACK + "# local\n");
        Cli.Result dirty = hd.run("checkout", "param");
        assertEquals(1, dirty.code(), dirty.toString());
        assertTrue(dirty.err().contains("your working tree has uncommitted changes, which would not be in the profile of param:\n"
                + "   M stack.yaml\n"), dirty.err());
        assertTrue(dirty.err().contains("hint: commit or stash them (git stash), or discard them with 'hd checkout --force param'"),
                dirty.err());
        assertFalse(dirty.err().contains("building"), dirty.err());
        assertEquals(STACK + "# local\n", repo.read("stack.yaml"));
        assertEquals(before, Files.readSymbolicLink(link).toString());

        // git's own refusal (an untracked file in the way) leaves everything too
        repo.write("stack.yaml", STACK);
        repo.git("checkout", "-q", "-b", "adds", "main");
        repo.write("NEWS", "tracked on this branch\n").commit("news");
        repo.git("checkout", "-q", "main");
        repo.write("NEWS", "an untracked file of mine\n");
        Cli.Result refused = hd.run("checkout", "adds");
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().contains("git checkout adds failed in"), refused.err());
        assertTrue(refused.err().contains("untracked working tree files would be overwritten"), refused.err());
        assertEquals("an untracked file of mine\n", repo.read("NEWS"));
        assertEquals("ref: refs/heads/main", repo.read(".git/HEAD").strip());
        assertEquals(before, Files.readSymbolicLink(link).toString());
    }

    @Test
    void hooksMakePlainGitCheckoutSwitchAndPullFlipTheProfile() throws Exception {
        Path dir = makeRepo("stack");
        Path link = dir.resolve(".hd/profile");
        Path hooks = repo.dir.resolve(".git/hooks");
        Files.createDirectories(hooks);
        byte[] mine = "#!/bin/sh\n# the user's own hook\necho \"my hook: $3\" >> \"$HOME/my-hook.log\"\n".getBytes(StandardCharsets.UTF_8);
        Files.write(hooks.resolve("post-checkout"), mine);
        Files.setPosixFilePermissions(hooks.resolve("post-checkout"), PosixFilePermissions.fromString("rwxr-x--x"));

        ok(hd, "build");
        for (String b : List.of("version", "param")) {
            ok(hd, "build", b); // a revision's profile, no switch: what the hooks will find
        }
        Cli.Result install = ok(hd, "hooks", "install");
        assertTrue(install.out().contains(hooks.resolve("post-checkout") + ": installed (the hook that was there runs first"),
                install.out());
        Cli.Result again = ok(hd, "hooks", "install");
        assertTrue(again.out().contains("post-checkout: already installed (chains post-checkout.hd-chained)"), again.out());
        Cli.Result st = ok(hd, "hooks", "status");
        assertTrue(st.out().contains("post-checkout: hd's, chains post-checkout.hd-chained"), st.out());

        GitRepo.Run co = repo.tryGit(Map.of(), "checkout", "param");
        assertEquals(0, co.code(), co.out());
        assertTrue(co.out().contains("hd: stack/.hd/profile -> profile "), co.out());
        assertEquals(EXPECTED.get("param"), content(link));
        assertEquals("my hook: 1\n", Files.readString(home.resolve("my-hook.log")), "the user's hook still runs");
        GitRepo.Run sw = repo.tryGit(Map.of(), "switch", "version");
        assertEquals(0, sw.code(), sw.out());
        assertEquals(EXPECTED.get("version"), content(link));
        repo.git("switch", "-q", "main");
        assertEquals(EXPECTED.get("main"), content(link));
        // hd checkout from the stack's subdirectory, hooks installed: hd's build and switch, the hooks stand aside
        Cli.Result co2 = ok(hd, "checkout", "stage");
        assertTrue(co2.out().contains("Built 1 package") && !co2.out().contains("hd: stack/.hd/profile"), co2.out());
        assertEquals(EXPECTED.get("stage"), content(link));
        assertEquals(4, Files.readAllLines(home.resolve("my-hook.log")).size(),
                "checkout, switch, switch, and hd's git checkout: the user's hook ran for each");
        repo.git("switch", "-q", "main");

        // a colleague pushes; here: fetch, build what came, pull; the pull flips the profile
        Path bare = tmp.resolve("origin.git");
        repo.git("clone", "-q", "--bare", repo.dir.toString(), bare.toString());
        repo.git("remote", "add", "origin", bare.toString());
        repo.git("fetch", "-q", "origin");
        repo.git("branch", "-q", "--set-upstream-to=origin/main", "main");
        GitRepo colleague = GitRepo.cloneOf(bare.toString(), tmp.resolve("colleague"), home);
        colleague.write("stack/src/lib/data.txt", "data 2\n").commit("new data");
        colleague.git("push", "-q", "origin", "main");
        repo.git("fetch", "-q", "origin");
        ok(hd, "build", "origin/main");
        GitRepo.Run pull = repo.tryGit(Map.of(), "pull", "-q", "--ff-only");
        assertEquals(0, pull.code(), pull.out());
        assertTrue(pull.out().contains("hd: stack/.hd/profile -> profile "), pull.out());
        assertEquals("data 2\n", Files.readString(link.resolve("share/lib/data.txt")));

        // a pull of something not built: the profile stays, marked stale, with the command that builds it
        colleague.write("stack/src/lib/data.txt", "data 3\n").commit("newer data");
        colleague.git("push", "-q", "origin", "main");
        String kept = Files.readSymbolicLink(link).toString();
        GitRepo.Run stalePull = repo.tryGit(Map.of(), "pull", "-q", "--ff-only");
        assertEquals(0, stalePull.code(), stalePull.out());
        String buildIt = "hd build " + dir.toRealPath();
        assertTrue(stalePull.out().contains("is not built; keeping the current profile (marked stale). Build it: " + buildIt),
                stalePull.out());
        assertEquals(kept, Files.readSymbolicLink(link).toString());
        Cli.Result text = ok(hd, "status");
        assertTrue(text.out().contains("\nStale:    HEAD moved to " + repo.git("rev-parse", "HEAD").substring(0, 12)
                + ", which is not built; the profile is an earlier one. Build it: " + buildIt + "\n"), text.out());
        assertTrue(text.out().contains("\nBuild:    hd build would build 2 packages:\n"), text.out());
        Cli.Result env = ok(hd, "env");
        assertTrue(env.out().contains("export HD_STALE=1\n"), env.out());
        assertTrue(env.err().contains("the profile is stale"), env.err());
        JsonNode status = CanonicalJson.read(ok(hd, "status", "--json").out());
        assertEquals(1, status.path("version").asInt());
        assertEquals(repo.git("rev-parse", "HEAD"), status.path("stale").path("commit").asText());
        assertEquals(buildIt, status.path("stale").path("build").asText());
        assertEquals("lib", status.path("would_build").get(0).path("name").asText(), status.toString());
        assertTrue(status.path("working_tree").path("differs").asBoolean(), "the files differ from the profile's commit");
        assertEquals("src/lib/data.txt", status.path("working_tree").path("changes").get(0).path("path").asText());

        ok(hd, "build");
        assertEquals("data 3\n", Files.readString(link.resolve("share/lib/data.txt")));
        assertTrue(ok(hd, "env").out().contains("unset HD_STALE\n"));
        JsonNode fresh = CanonicalJson.read(ok(hd, "status", "--json").out());
        assertTrue(fresh.path("stale").isNull(), fresh.toString());
        assertEquals(repo.git("rev-parse", "HEAD"), fresh.path("profile").path("built_from").asText(), fresh.toString());
        assertFalse(fresh.path("working_tree").path("differs").asBoolean(), fresh.toString());
        assertEquals(0, fresh.path("would_build").size());
        assertFalse(fresh.path("profile_would_change").asBoolean());

        // uninstalled: the user's hook is back byte for byte, and git checkout switches nothing
        Cli.Result un = ok(hd, "hooks", "uninstall");
        assertTrue(un.out().contains("post-checkout: removed; the hook that was there before is back"), un.out());
        assertArrayEquals(mine, Files.readAllBytes(hooks.resolve("post-checkout")));
        assertEquals(PosixFilePermissions.fromString("rwxr-x--x"), Files.getPosixFilePermissions(hooks.resolve("post-checkout")));
        assertFalse(Files.exists(hooks.resolve("post-merge")));
        assertFalse(Files.exists(hooks.resolve("post-checkout.hd-chained")));
        String now = Files.readSymbolicLink(link).toString();
        repo.git("checkout", "-q", "param");
        assertEquals(now, Files.readSymbolicLink(link).toString());
    }

    @Test
    void hooksGoWhereCoreHooksPathSaysAndCanBuildInstead() throws Exception {
        Path dir = makeRepo("");
        Path shared = tmp.resolve("shared-hooks");
        repo.git("config", "core.hooksPath", shared.toString());
        ok(hd, "build");
        Path wrapper = tmp.resolve("bin/hd");
        Files.createDirectories(wrapper.getParent());
        List<String> cmd = CliHarness.process(dir, home).command();
        StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
        for (String c : cmd) {
            sh.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        Files.writeString(wrapper, sh.append(" \"$@\"\n").toString());
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        ok(hd, "hooks", "install", "--build", "--hd", wrapper.toString());
        assertTrue(Files.isExecutable(shared.resolve("post-checkout")));
        assertFalse(Files.exists(repo.dir.resolve(".git/hooks/post-checkout")));
        Cli.Result st = ok(hd, "hooks", "status");
        assertTrue(st.out().contains("Hooks directory: " + shared), st.out());
        assertTrue(st.out().contains("builds what is missing"), st.out());

        Path link = dir.resolve(".hd/profile");
        String mainProfile = Files.readSymbolicLink(link).toString();
        GitRepo.Run co = repo.tryGit(Map.of(), "checkout", "stage");
        assertEquals(0, co.code(), co.out());
        assertTrue(co.out().contains("is not built; building it: hd build " + dir.toRealPath()), co.out());
        assertTrue(co.out().contains("Built 1 package"), co.out());
        assertEquals(EXPECTED.get("stage"), content(link));
        assertFalse(Files.exists(link.resolveSibling("profile.stale")));

        // a failing build inside the hook: a clear message, the old profile, and git succeeds
        repo.git("checkout", "-q", "-b", "broken");
        repo.write("pkgs/tool.yaml", TOOL + "  - name: check\n    after: install\n    bash: exit 3\n").commit("broken");
        repo.git("checkout", "-q", "main");
        assertEquals(mainProfile, Files.readSymbolicLink(link).toString(), "main was built: the fast path");
        GitRepo.Run broken = repo.tryGit(Map.of(), "checkout", "broken");
        assertEquals(0, broken.code(), broken.out());
        assertTrue(broken.out().contains("hd: building tool-1.0"), broken.out());
        assertTrue(broken.out().contains("failed (see above); keeping the current profile (marked stale)"), broken.out());
        assertEquals(mainProfile, Files.readSymbolicLink(link).toString());
        assertEquals("ref: refs/heads/broken", repo.read(".git/HEAD").strip());

        // hd checkout runs git with hd's hooks off: the switch is its own, after its build
        Cli.Result back = ok(hd, "checkout", "stage");
        assertFalse(back.out().contains("building it"), back.out());
        assertNotEquals(mainProfile, Files.readSymbolicLink(link).toString());
        ok(hd, "hooks", "uninstall");
        try (var s = Files.list(shared)) {
            assertEquals(List.of(), s.toList(), "nothing of hd's is left in the shared hooks directory");
        }
    }
}
