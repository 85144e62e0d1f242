package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.builder.Fs;
import dev.hd.resolver.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git sources end to end: upstream repositories made with git in a temp directory, served
 * over {@code file://} and over smart HTTP on a loopback port ({@link GitHttpServer}); real
 * builds; the store's mirrors; {@code hd fetch}, {@code hd fetch --check}, {@code hd lock}.
 */
class UpstreamGitIT {
    @TempDir
    Path tmp;
    Path stack;
    Path store;
    GitCli libfoo;
    GitHttpServer http;
    Cli hd;

    @BeforeEach
    void setUp() throws Exception {
        libfoo = GitCli.init(tmp.resolve("upstream/libfoo"));
        libfoo.write("version.txt", "1\n").commit("one");
        stack = Files.createDirectories(tmp.resolve("stack"));
        store = tmp.resolve("store");
        hd = new Cli(stack, store);
        Files.writeString(stack.resolve("stack.yaml"), "packages:\n  app:\n  other:\n");
        // app depends on libfoo; other depends on nothing
        write("pkgs/app.yaml", """
                version: '1'
                dependencies: {build: [libfoo], run: [libfoo]}
                build_stages:
                  - name: install
                    bash: mkdir -p "$ARTIFACT/share" && cat "$LIBFOO_DIR/share/version" > "$ARTIFACT/share/app-saw"
                """);
        write("pkgs/other.yaml", """
                version: '1'
                build_stages:
                  - name: install
                    bash: mkdir -p "$ARTIFACT/share" && echo other > "$ARTIFACT/share/other"
                """);
    }

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.close();
        }
    }

    private void write(String path, String text) throws Exception {
        Path p = stack.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private String url(String kind) throws Exception {
        if (kind.equals("http")) {
            http = new GitHttpServer(tmp.resolve("upstream"));
            return http.url("libfoo");
        }
        return libfoo.dir.toUri().toString();
    }

    private void libfooSpec(String source) throws Exception {
        write("pkgs/libfoo.yaml", "version: '0.1'\nsources:\n" + source + """
                build_stages:
                  - name: install
                    bash: mkdir -p "$ARTIFACT/share" && cp version.txt "$ARTIFACT/share/version"
                """);
    }




    private JsonNode record(String pkg, String id) throws Exception {
        return CanonicalJson.read(Files.readString(store.resolve("bld/" + pkg + "/" + id + "/.hd/artifact.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "http"})
    void aNewUpstreamCommitThenFetchAndBuildRebuildsThatPackageAndItsDependentsOnly(String kind) throws Exception {
        String url = url(kind);
        String c1 = libfoo.head();
        libfooSpec("  - git: " + url + "\n    branch: main\n");
        Cli.Result first = hd.ok("build");
        assertEquals(List.of("app", "libfoo", "other"), first.built(), first.out());
        Map<String, String> ids1 = hd.ids();
        JsonNode rec = record("libfoo", ids1.get("libfoo"));
        assertEquals("git:" + c1, rec.get("sources").get(0).get("key").asText(), rec.toString());
        assertEquals("branch:main", rec.get("sources").get(0).get("ref").asText());
        assertEquals(url, rec.get("sources").get(0).get("url").asText());
        assertEquals("1\n", Files.readString(stack.resolve(".hd/profile/share/app-saw")));
        assertTrue(hd.ok("resolve").out().contains("  branch main of " + url + " at " + c1.substring(0, 12)));

        String c2 = libfoo.write("version.txt", "2\n").commit("two");
        // the mirror is what the stack resolves against: until hd fetch, nothing moves (and no network is used)
        assertTrue(hd.ok("build").out().startsWith("Nothing to build"));
        Cli.Result check = hd.ok("fetch", "--check");
        assertTrue(check.out().contains("libfoo  branch main of " + url + "  at " + c1.substring(0, 12) + ", upstream at "
                + c2.substring(0, 12) + ": moved"), check.out());

        Cli.Result fetch = hd.ok("fetch");
        assertTrue(fetch.out().contains("libfoo  branch main of " + url + "  " + c2.substring(0, 12)), fetch.out());
        Cli.Result second = hd.ok("build");
        assertEquals(List.of("app", "libfoo"), second.built(), second.out());
        assertTrue(second.out().contains("(1 up to date)"), second.out());
        Map<String, String> ids2 = hd.ids();
        JsonNode src = CanonicalJson.read(hd.ok("resolve", "--json").out()).get("packages").get(0).get("sources").get(0);
        assertEquals(List.of(url, c2, "branch:main", "git:" + c2), List.of(src.get("url").asText(), src.get("commit").asText(),
                src.get("ref").asText(), src.get("key").asText()), src.toString());
        assertEquals(ids1.get("other"), ids2.get("other"));
        assertFalse(ids1.get("libfoo").equals(ids2.get("libfoo")));
        assertEquals("git:" + c2, record("libfoo", ids2.get("libfoo")).get("sources").get(0).get("key").asText());
        assertTrue(Files.readString(store.resolve("bld/libfoo/" + ids2.get("libfoo") + "/.hd/build-spec.json"))
                .contains("\"key\":\"git:" + c2 + "\""), "the commit, not the branch, is hashed");
        assertEquals("2\n", Files.readString(stack.resolve(".hd/profile/share/app-saw")));
        assertTrue(hd.ok("fetch", "--check").out().contains(", up to date"));
        Cli.Result status = hd.ok("status");
        assertTrue(status.out().contains("Upstream: libfoo: branch main of " + url + " at " + c2.substring(0, 12)), status.out());
        assertTrue(hd.ok("build").out().startsWith("Nothing to build"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "http"})
    void aPinnedCommitGoneUpstreamButInTheMirrorStillBuildsOffline(String kind) throws Exception {
        String url = url(kind);
        String c1 = libfoo.head();
        libfooSpec("  - url: " + url + "\n    key: git:" + c1 + "\n");
        hd.ok("fetch");
        // upstream rewrites its history: c1 is no longer there at all
        libfoo.git("checkout", "-q", "--orphan", "rewritten");
        libfoo.write("version.txt", "rewritten\n").commit("rewritten");
        libfoo.git("branch", "-D", "main");
        libfoo.git("branch", "-m", "main");
        libfoo.git("reflog", "expire", "--expire=now", "--all");
        libfoo.git("gc", "-q", "--prune=now");
        assertFalse(libfoo.has(c1), "the commit is gone upstream");
        hd.ok("fetch"); // prunes upstream's branches, keeps the commit hd uses
        if (http != null) {
            http.close();
            http = null;
        }
        Fs.deleteRecursively(libfoo.dir); // and now upstream is unreachable too
        Cli.Result b = hd.ok("build");
        assertEquals(List.of("app", "libfoo", "other"), b.built(), b.out());
        assertEquals("1\n", Files.readString(stack.resolve(".hd/profile/share/app-saw")));

        // a commit the mirror lacks, with upstream unreachable: a clear error naming both
        String missing = "0123456789abcdef0123456789abcdef01234567";
        libfooSpec("  - url: " + url + "\n    key: git:" + missing + "\n");
        Cli.Result r = hd.run("build");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("commit " + missing + " of " + url + " is not in the mirror"), r.err());
        assertTrue(r.err().contains("fetching it failed"), r.err());

        // a floating source of a repository that was never fetched, upstream unreachable
        String gone = tmp.resolve("upstream/never").toUri().toString();
        libfooSpec("  - git: " + gone + "\n    branch: main\n");
        Cli.Result f = hd.run("build");
        assertEquals(1, f.code(), f.toString());
        assertTrue(f.err().contains("hd: cannot resolve branch main of " + gone + ": it has no mirror yet, and fetching failed"),
                f.err());
        assertTrue(f.err().contains("hint: connect to the network and run 'hd fetch'"), f.err());
    }

    /**
     * Waits until every file written so far is older than the resolution cache's racy window
     * (which refuses to cache what changed in the last 2 s): a wait for the clock, not for
     * another thread, so it cannot be flaky.
     */
    private static void outlastTheRacyWindow() throws InterruptedException {
        long until = System.currentTimeMillis() + 2_100;
        while (System.currentTimeMillis() < until) {
            Thread.sleep(until - System.currentTimeMillis() + 1);
        }
    }

    @Test
    void aFloatingStackIsServedFromTheResolutionCacheUntilFetchMovesTheBranch() throws Exception {
        String url = url("file");
        libfooSpec("  - git: " + url + "\n    branch: main\n");
        hd.ok("build");
        outlastTheRacyWindow();
        int before = StackBuild.RESOLUTIONS.get();
        hd.ok("build"); // resolves, and caches under the stamps of the stack's files and the mirror's refs
        assertEquals(before + 1, StackBuild.RESOLUTIONS.get());
        assertTrue(hd.ok("build").out().startsWith("Nothing to build"));
        assertEquals(before + 1, StackBuild.RESOLUTIONS.get(), "served from the cache: nothing parsed");

        String c2 = libfoo.write("version.txt", "2\n").commit("two");
        assertTrue(hd.ok("build").out().startsWith("Nothing to build"));
        assertEquals(before + 1, StackBuild.RESOLUTIONS.get(), "upstream moved, the mirror did not");
        hd.ok("fetch");
        Cli.Result moved = hd.ok("build");
        assertEquals(before + 2, StackBuild.RESOLUTIONS.get(), "the fetch moved the mirror's ref: resolved again");
        assertEquals(List.of("app", "libfoo"), moved.built(), moved.out());
        assertEquals("git:" + c2, record("libfoo", hd.ids().get("libfoo")).get("sources").get(0).get("key").asText());
    }

    @Test
    void lockPinsTheFloatingSourcesDeterministicallyAndADisagreementIsAnError() throws Exception {
        String url = url("file");
        String c1 = libfoo.head();
        libfooSpec("  - git: " + url + "\n    branch: main\n");
        Cli.Result lock = hd.ok("lock");
        assertTrue(lock.out().contains("branch main of " + url + " -> " + c1.substring(0, 12) + " (new)"), lock.out());
        Path file = stack.resolve("stack.lock");
        byte[] text = Files.readAllBytes(file);
        assertTrue(new String(text, StandardCharsets.UTF_8).contains("commit: " + c1 + "\n"));
        assertTrue(hd.ok("lock").out().contains("up to date"));
        assertEquals(new String(text, StandardCharsets.UTF_8), Files.readString(file), "byte-identical");
        assertEquals(0, hd.run("lock", "--check").code());
        hd.ok("build");

        String c2 = libfoo.write("version.txt", "2\n").commit("two");
        hd.ok("fetch");
        // locked: fetching moves the mirror, not the stack
        assertTrue(hd.ok("build").out().startsWith("Nothing to build"));
        assertTrue(hd.ok("resolve").out().contains("at " + c1.substring(0, 12) + " (locked; the mirror is at "
                + c2.substring(0, 12)), hd.ok("resolve").out());
        assertEquals(1, hd.run("lock", "--check").code());
        Cli.Result moved = hd.ok("lock");
        assertTrue(moved.out().contains("-> " + c2.substring(0, 12) + " (was " + c1.substring(0, 12) + ")"), moved.out());
        assertEquals(List.of("app", "libfoo"), hd.ok("build").built());

        // the spec follows another branch now: spec and lock disagree
        libfoo.git("branch", "dev");
        libfooSpec("  - git: " + url + "\n    branch: dev\n");
        Cli.Result r = hd.run("build");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("pkgs/libfoo.yaml:3:5: the spec follows branch dev of " + url
                + ", which stack.lock does not lock: the spec and the lock disagree"), r.err());
        assertTrue(r.err().contains("hint: run 'hd lock'"), r.err());
        hd.ok("lock");
        // the spec pins the commit: the lock's entry is stale
        libfooSpec("  - url: " + url + "\n    key: git:" + c2 + "\n");
        Cli.Result stale = hd.run("resolve");
        assertEquals(1, stale.code(), stale.toString());
        assertTrue(stale.err().contains("stack.lock:5:5: stack.lock locks branch dev of " + url + " to "
                + c2.substring(0, 12) + ", but no package follows it; the spec has pkgs/libfoo.yaml:3:5 (git:" + c2 + ")"),
                stale.err());
        assertTrue(hd.ok("lock").out().contains("removed"));
        assertFalse(Files.exists(file));
    }

    @Test
    void submodulesAreRefusedWithAClearMessage() throws Exception {
        GitCli sub = GitCli.init(tmp.resolve("upstream/sub"));
        sub.write("x.txt", "x\n").commit("sub");
        libfoo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir.toUri().toString(), "vendor/sub");
        String c = libfoo.commit("with a submodule");
        libfooSpec("  - url: " + url("file") + "\n    key: git:" + c + "\n");
        Cli.Result r = hd.run("build");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("has a submodule at 'vendor/sub'") && r.err().contains("hd does not fetch submodules"),
                r.err());
    }
}
