package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hd develop} end to end with a real C library built by make: a package pinned to an
 * upstream commit (served over {@code file://} and over smart HTTP), developed from a clone with uncommitted edits, rebuilt incrementally (make
 * recompiles the one edited file) together with its dependent, then back to the pinned
 * artifact without a rebuild.
 */
class DevelopIT {
    @TempDir
    Path tmp;
    Path stack;
    Path store;
    GitCli upstream;
    GitCli work;
    Cli hd;
    String pinned;
    GitHttpServer http;

    @BeforeEach
    void setUp() throws Exception {
        upstream = GitCli.init(tmp.resolve("upstream/libfoo"));
        upstream.write("foo.h", "int a(void);\nint b(void);\nint c(void);\n")
                .write("a.c", "#include \"foo.h\"\nint a(void) { return 1; }\n")
                .write("b.c", "#include \"foo.h\"\nint b(void) { return 20; }\n")
                .write("c.c", "#include \"foo.h\"\nint c(void) { return 300; }\n")
                .write(".gitignore", "*.o\n*.a\n")
                .write("Makefile", """
                        OBJS = a.o b.o c.o
                        libfoo.a: $(OBJS)
                        \tar rcs $@ $(OBJS)
                        %.o: %.c foo.h
                        \tcc -c $< -o $@
                        install: libfoo.a
                        \tmkdir -p $(PREFIX)/lib $(PREFIX)/include
                        \tcp libfoo.a $(PREFIX)/lib/ && cp foo.h $(PREFIX)/include/
                        """);
        pinned = upstream.commit("libfoo 1.0");
        work = GitCli.init(tmp.resolve("work"));
        work.git("fetch", "-q", upstream.dir.toUri().toString(), "main");
        work.git("reset", "-q", "--hard", "FETCH_HEAD");

        stack = Files.createDirectories(tmp.resolve("stack"));
        store = tmp.resolve("store");
        hd = new Cli(stack, store);
        write("stack.yaml", "packages:\n  app:\n");
        libfooFrom(upstream.dir.toUri().toString());
        write("pkgs/app.yaml", """
                version: '1'
                dependencies: {build: [libfoo]}
                build_stages:
                  - name: build
                    bash: |
                      cat > main.c <<'EOF'
                      #include <stdio.h>
                      #include <foo.h>
                      int main(void) { printf("%d\\n", a() + b() + c()); return 0; }
                      EOF
                      mkdir -p "$ARTIFACT/bin"
                      cc $CPPFLAGS main.c $LDFLAGS -lfoo -o "$ARTIFACT/bin/app"
                """);
    }

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.close();
        }
    }

    /** libfoo pinned to the upstream commit, fetched from {@code url}. */
    private void libfooFrom(String url) throws Exception {
        write("pkgs/libfoo.yaml", "version: '1.0'\nsources:\n  - url: " + url + "\n    key: git:" + pinned
                + "\n" + """
                build_stages:
                  - name: build
                    bash: make
                  - name: install
                    after: build
                    bash: make install PREFIX="$ARTIFACT"
                """);
    }

    private void write(String path, String text) throws Exception {
        Path p = stack.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }




    private String app() throws Exception {
        Process p = new ProcessBuilder(stack.resolve(".hd/profile/bin/app").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.trim();
    }

    private Path developBuildDir() throws Exception {
        try (var s = Files.list(store.resolve("develop"))) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "http"})
    void developPicksUpAnUncommittedEditRecompilesOneFileAndOffReturnsToThePinnedArtifact(String kind) throws Exception {
        if (kind.equals("http")) {
            http = new GitHttpServer(tmp.resolve("upstream"));
            libfooFrom(http.url("libfoo"));
        }
        Cli.Result first = hd.ok("build");
        assertEquals(List.of("app", "libfoo"), first.built(), first.out());
        assertEquals("321", app());
        Map<String, String> pinnedIds = hd.ids();
        Path pinnedProfile = Files.readSymbolicLink(stack.resolve(".hd/profile"));

        Cli.Result dev = hd.ok("develop", "libfoo", "--path", work.dir.toString());
        assertTrue(dev.out().contains("libfoo is in develop mode: built from " + work.dir), dev.out());
        assertEquals(List.of("app", "libfoo"), dev.built(), dev.out());
        assertEquals("321", app());
        Path bd = developBuildDir();
        assertTrue(Files.isRegularFile(bd.resolve("a.o")) && Files.isRegularFile(bd.resolve("b.o")),
                "the build directory is kept");
        FileTime aTime = Files.getLastModifiedTime(bd.resolve("a.o"));
        FileTime aSrcTime = Files.getLastModifiedTime(bd.resolve("a.c"));
        FileTime bTime = Files.getLastModifiedTime(bd.resolve("b.o"));
        assertTrue(hd.ok("develop").out().contains("libfoo  " + work.dir + "  (clean at HEAD " + pinned.substring(0, 12) + ")"));

        // an uncommitted edit, an untracked file and an ignored one
        work.write("b.c", "#include \"foo.h\"\nint b(void) { return 40; }\n");
        work.write("NOTES", "untracked, not ignored\n");
        work.write("scratch.o", "ignored\n");
        Cli.Result edit = hd.ok("build");
        assertEquals(List.of("app", "libfoo"), edit.built(), edit.out());
        assertEquals("341", app());
        Map<String, String> devIds = hd.ids();
        assertNotEquals(pinnedIds.get("libfoo"), devIds.get("libfoo"));
        String log = Files.readString(store.resolve("bld/libfoo/" + devIds.get("libfoo") + "/.hd/build.log"));
        assertTrue(log.contains("cc -c b.c -o b.o"), log);
        assertFalse(log.contains("a.c") || log.contains("c.c"), "make recompiled only the edited file:\n" + log);
        assertEquals(aTime, Files.getLastModifiedTime(bd.resolve("a.o")));
        assertEquals(aSrcTime, Files.getLastModifiedTime(bd.resolve("a.c")), "unchanged sources keep their times");
        assertNotEquals(bTime, Files.getLastModifiedTime(bd.resolve("b.o")));
        assertTrue(Files.isRegularFile(bd.resolve("NOTES")));
        assertFalse(Files.exists(bd.resolve("scratch.o")), "ignored files are not sources");
        Cli.Result list = hd.ok("develop");
        assertTrue(list.out().contains("libfoo  " + work.dir + "  (2 files changed since HEAD " + pinned.substring(0, 12)
                + ": NOTES, b.c)"), list.out());
        assertTrue(hd.ok("resolve").out().contains("  develop mode, from " + work.dir), "hd resolve says so");
        assertTrue(hd.ok("build").out().startsWith("Nothing to build"));
        Cli.Result status = hd.ok("status");
        assertTrue(status.out().contains("Upstream: libfoo: develop mode, from " + work.dir + " (2 files changed since HEAD "),
                status.out());
        assertTrue(status.out().contains("Build:    nothing to build; the profile is up to date"), status.out());

        Cli.Result off = hd.ok("develop", "libfoo", "--off");
        assertTrue(off.out().contains("libfoo left develop mode"), off.out());
        assertEquals(List.of(), off.built(), off.out());
        assertTrue(off.out().contains("Nothing to build"), off.out());
        assertEquals(pinnedProfile, Files.readSymbolicLink(stack.resolve(".hd/profile")), "the pinned profile again");
        assertEquals("321", app());
        assertEquals(pinnedIds, hd.ids());
        assertTrue(hd.ok("develop").out().contains("no package of " + stack + " is in develop mode"));
        assertFalse(Files.exists(stack.resolve(".hd/develop.json")));
    }

    @Test
    void developErrorsAreClear() throws Exception {
        Cli.Result typo = hd.run("develop", "libfo", "--path", work.dir.toString());
        assertEquals(1, typo.code(), typo.toString());
        assertTrue(typo.err().contains("no package 'libfo' in the stack") && typo.err().contains("did you mean 'libfoo'?"),
                typo.err());
        assertFalse(Files.exists(stack.resolve(".hd/develop.json")), "nothing recorded");
        Cli.Result notOn = hd.run("develop", "libfoo", "--off");
        assertEquals(1, notOn.code());
        assertTrue(notOn.err().contains("libfoo is not in develop mode"), notOn.err());
        assertEquals(2, hd.run("develop", "libfoo").code(), "--path or --off");
        Cli.Result nodir = hd.run("develop", "libfoo", "--path", tmp.resolve("nowhere").toString());
        assertEquals(1, nodir.code());
        assertTrue(nodir.err().contains("no directory " + tmp.resolve("nowhere")), nodir.err());
    }
}
