package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hd bisect} and {@code hd diff} on a real history of 16 commits: a C library
 * ({@code libcalc}), a C program using it ({@code calc}) and two shell-only packages
 * ({@code notes}, {@code greet}), each commit changing one of them. Commit 11 breaks
 * {@code add}, so {@code calc 2 3} no longer prints 5.
 */
class BisectIT {
    static final String TEST = "test \"$(calc 2 3)\" = 5";
    static final Pattern STEP = Pattern.compile("(?m)^\\[(\\d+)] ([0-9a-f]{12}) ");

    @TempDir
    Path tmp;
    GitStack repo;
    Path store;
    Cli cli;

    @BeforeEach
    void history() throws Exception {
        repo = new GitStack(tmp.resolve("stack"));
        store = tmp.resolve("store");
        cli = new Cli(repo.dir, store);
        repo.write("stack.yaml", "packages:\n  calc:\n  notes:\n  greet:\n")
                .write("pkgs/libcalc.yaml", """
                        version: "1.0"
                        sources:
                          - path: src/libcalc
                        build_stages:
                          - name: build
                            bash: |
                              mkdir -p "$ARTIFACT/lib" "$ARTIFACT/include"
                              cc -shared -fPIC -o "$ARTIFACT/lib/libcalc.so" calc.c
                              cp calc.h "$ARTIFACT/include/"
                        """)
                .write("src/libcalc/calc.h", "int add(int a, int b);\n")
                .write("src/libcalc/calc.c", "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\n")
                .write("pkgs/calc.yaml", """
                        version: "1.0"
                        sources:
                          - path: src/calc
                        dependencies: {build: [libcalc], run: [libcalc]}
                        build_stages:
                          - name: build
                            bash: |
                              mkdir -p "$ARTIFACT/bin"
                              cc $CPPFLAGS -o "$ARTIFACT/bin/calc" main.c $LDFLAGS -lcalc
                        """)
                .write("src/calc/main.c", """
                        #include <stdio.h>
                        #include <stdlib.h>
                        #include "calc.h"
                        int main(int argc, char **argv) { printf("%d\\n", add(atoi(argv[1]), atoi(argv[2]))); return 0; }
                        """)
                .write("pkgs/greet.yaml", greet("1"))
                .write("pkgs/notes.yaml", notesSpec(1));
        repo.commit("initial stack");                                                    // 1
        notes(2);                                                                        // 2
        repo.write("pkgs/greet.yaml", greet("2")).commit("greet 2");                     // 3
        notes(3);                                                                        // 4
        repo.write("src/calc/main.c", "/* calc */\n" + Files.readString(repo.dir.resolve("src/calc/main.c")))
                .commit("calc: a comment");                                              // 5
        notes(4);                                                                        // 6
        repo.write("stack.yaml", "packages:\n  calc:\n  notes:\n  greet: {word: hi}\n").commit("greet says hi"); // 7
        notes(5);                                                                        // 8
        repo.write("src/libcalc/calc.h", "int add(int a, int b);\nint sub(int a, int b);\n")
                .write("src/libcalc/calc.c", "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\n"
                        + "int sub(int a, int b) { return a - b; }\n")
                .commit("libcalc: sub");                                                 // 9
        notes(6);                                                                        // 10
        repo.write("src/libcalc/calc.c", "#include \"calc.h\"\nint add(int a, int b) { return a + b + (a > 1); }\n"
                        + "int sub(int a, int b) { return a - b; }\n")
                .commit("libcalc: a faster add\n\nIt is not right for a > 1.");          // 11
        notes(7);                                                                        // 12
        repo.write("pkgs/greet.yaml", greet("3")).commit("greet 3");                     // 13
        notes(8);                                                                        // 14
        repo.write("src/calc/main.c", "/* calc 2 */\n" + Files.readString(repo.dir.resolve("src/calc/main.c")))
                .commit("calc: another comment");                                        // 15
        notes(9);                                                                        // 16
        assertEquals(16, repo.commits.size());
    }

    private static String greet(String version) {
        return """
                version: "%s"
                defaults: {word: hello}
                build_stages:
                  - name: build
                    bash: |
                      mkdir -p "$ARTIFACT/bin"
                      printf '#!/bin/sh\\necho {{word}}\\n' > "$ARTIFACT/bin/greet"
                      chmod +x "$ARTIFACT/bin/greet"
                """.formatted(version);
    }

    private static String notesSpec(int version) {
        return """
                version: "%d"
                build_stages:
                  - name: build
                    bash: |
                      mkdir -p "$ARTIFACT/share/notes"
                      echo "notes {{version}}" > "$ARTIFACT/share/notes/VERSION"
                """.formatted(version);
    }

    private void notes(int version) throws IOException, InterruptedException {
        repo.write("pkgs/notes.yaml", notesSpec(version)).commit("notes " + version);
    }

    /** Every complete artifact of the store, as "name/id". */
    private Set<String> artifacts() throws IOException {
        Set<String> out = new TreeSet<>();
        Path bld = store.resolve("bld");
        if (!Files.isDirectory(bld)) {
            return out;
        }
        try (Stream<Path> s = Files.list(bld)) {
            for (Path pkg : s.toList()) {
                try (Stream<Path> ids = Files.list(pkg)) {
                    for (Path id : ids.toList()) {
                        if (Files.exists(id.resolve(".hd/artifact.json"))) {
                            out.add(pkg.getFileName() + "/" + id.getFileName());
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The artifacts a revision resolves to, as "name/id". */
    private Set<String> resolved(String rev) {
        Cli.Result r = cli.run("resolve", "--json", rev);
        assertEquals(0, r.code(), r.toString());
        Set<String> out = new TreeSet<>();
        for (JsonNode p : CanonicalJson.read(r.out()).path("packages")) {
            out.add(p.path("name").asText() + "/" + p.path("id").asText());
        }
        return out;
    }

    private static List<String> tested(String out) {
        List<String> shas = new ArrayList<>();
        Matcher m = STEP.matcher(out);
        while (m.find()) {
            shas.add(m.group(2));
        }
        return shas;
    }

    private String full(String sha12) {
        return repo.commits.stream().filter(c -> c.startsWith(sha12)).findFirst().orElseThrow();
    }

    @Test
    void namesCommitElevenBuildingAtMostFiveRevisionsAndOnlyWhatDiffers() throws Exception {
        Cli.Result r = cli.run("bisect", repo.commit(1), repo.commit(16), "--", "sh", "-c", TEST);
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith("Bisecting 15 commits after good " + repo.commit(1).substring(0, 12) + " up to bad "
                + repo.commit(16).substring(0, 12) + " (first parent): about 4 tests.\n"), out);
        assertTrue(out.contains("\nFirst bad commit: " + repo.commit(11) + "\n    libcalc: a faster add\n\n"
                + "    It is not right for a > 1.\n"), out);

        List<String> tested = tested(out);
        assertTrue(tested.size() <= 5, "revisions tested: " + tested);
        assertFalse(tested.contains(repo.commit(16).substring(0, 12)), "the bad end is not tested again");
        assertTrue(tested.contains(repo.commit(11).substring(0, 12)) && tested.contains(repo.commit(10).substring(0, 12)),
                "both sides of the change were tested: " + tested);

        // the store holds exactly the artifacts of the tested revisions: each was built once,
        // and a revision rebuilt only what differs from what earlier ones built
        Set<String> union = new TreeSet<>();
        int naive = 0;
        for (String sha : tested) {
            Set<String> ids = resolved(full(sha));
            union.addAll(ids);
            naive += ids.size();
        }
        Set<String> built = artifacts();
        assertEquals(union, built);
        assertTrue(built.size() < naive, built.size() + " builds, " + naive + " if nothing were reused");
        assertTrue(out.contains("; built " + built.size() + " packages for "), out);
        assertTrue(out.contains("Tested " + tested.size() + " revisions"), out);

        // what commit 11 changed, against its parent
        assertTrue(out.contains("its parent -> " + repo.commit(11).substring(0, 12)
                + ": 2 rebuilt, 0 added, 0 removed, 2 unchanged"), out);
        assertTrue(out.contains("source src/libcalc: tree:"), out);

        // nothing of the working tree was touched
        assertEquals("", repo.git("status", "--porcelain"));
        assertEquals(repo.commit(16), repo.git("rev-parse", "HEAD").strip());
        assertFalse(Files.exists(repo.dir.resolve(".hd")), "no profile link was made");

        // a second bisection finds every profile built and builds nothing
        Cli.Result again = cli.run("bisect", repo.commit(1), repo.commit(16), "--", "sh", "-c", TEST);
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("\nFirst bad commit: " + repo.commit(11) + "\n"), again.out());
        assertTrue(again.out().contains("; built 0 packages for 0 of them."), again.out());
        assertEquals(built, artifacts());
    }

    @Test
    void diffBetweenCommitsTenAndElevenNamesTheChangedInput() throws Exception {
        Cli.Result r = cli.run("diff", repo.commit(10), repo.commit(11));
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith(repo.commit(10).substring(0, 12) + " -> " + repo.commit(11).substring(0, 12)
                + ": 2 rebuilt, 0 added, 0 removed, 2 unchanged\n"), out);
        Matcher lib = Pattern.compile("rebuilt  libcalc-1\\.0 +[a-z2-7]{12} -> [a-z2-7]{12}\n +source src/libcalc: "
                + "tree:[0-9a-f]{12} -> tree:[0-9a-f]{12}\n").matcher(out);
        assertTrue(lib.find(), out);
        assertTrue(Pattern.compile("rebuilt  calc-1\\.0 +[a-z2-7]{12} -> [a-z2-7]{12}\n +only dependency libcalc has a new id\n")
                .matcher(out).find(), out);

        Cli.Result j = cli.run("diff", repo.commit(10), repo.commit(11), "--json");
        assertEquals(0, j.code(), j.toString());
        JsonNode doc = CanonicalJson.read(j.out());
        assertEquals(1, doc.path("version").asInt());
        assertEquals(repo.commit(11), doc.path("to").path("commit").asText());
        JsonNode libcalc = doc.path("rebuilt").get(0);
        assertEquals("libcalc", libcalc.path("name").asText());
        assertFalse(libcalc.path("only_dependencies").asBoolean());
        assertEquals("source", libcalc.path("changes").get(0).path("input").asText());
        assertEquals("src/libcalc", libcalc.path("changes").get(0).path("what").asText());
        JsonNode calc = doc.path("rebuilt").get(1);
        assertEquals("calc", calc.path("name").asText());
        assertTrue(calc.path("only_dependencies").asBoolean());
        assertEquals("libcalc", calc.path("changes").get(0).path("what").asText());
        assertEquals("libcalc", calc.path("root_causes").get(0).asText());
        assertEquals(Set.of("greet", "notes"), Set.of(doc.path("unchanged").get(0).asText(), doc.path("unchanged").get(1).asText()));

        // the working tree against a commit; the working tree is HEAD here: nothing differs
        Cli.Result wt = cli.run("diff");
        assertEquals(0, wt.code(), wt.toString());
        assertEquals("HEAD (" + repo.commit(16).substring(0, 12) + ") and the working tree build the same 4 packages.\n",
                wt.out());
        Cli.Result why = cli.run("why", "calc", repo.commit(10), "--rebuild", repo.commit(11));
        assertEquals(0, why.code(), why.toString());
        assertTrue(why.out().contains("  dependency libcalc-1.0 rebuilds ("), why.out());
        assertTrue(why.out().contains("    source src/libcalc: tree:"), why.out());
    }

    @Test
    void aBuiltRevisionNearTheMiddleIsTestedFirstAndCostsNoBuild() throws Exception {
        Cli.Result b = cli.run("build", repo.commit(9));
        assertEquals(0, b.code(), b.toString());
        Set<String> before = artifacts();

        Cli.Result r = cli.run("bisect", repo.commit(1), repo.commit(16), "--", "sh", "-c", TEST);
        assertEquals(0, r.code(), r.toString());
        List<String> tested = tested(r.out());
        assertEquals(repo.commit(9).substring(0, 12), tested.get(0), r.out());
        assertTrue(r.out().contains("[1] " + repo.commit(9).substring(0, 12) + " libcalc: sub\n    profile already built: "),
                r.out());
        assertTrue(r.out().contains("\nFirst bad commit: " + repo.commit(11) + "\n"), r.out());
        assertTrue(tested.size() <= 5, tested.toString());
        assertTrue(artifacts().containsAll(before));
    }

    @Test
    void withParametersTheResolutionCacheTellsWhatIsBuilt() throws Exception {
        Cli.Result b = cli.run("build", repo.commit(9), "greet.word=yo");
        assertEquals(0, b.code(), b.toString());
        Cli.Result r = cli.run("bisect", repo.commit(1), repo.commit(16), "greet.word=yo", "--", "sh", "-c",
                TEST + " && test \"$(greet)\" = yo");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("[1] " + repo.commit(9).substring(0, 12) + " libcalc: sub\n    profile already built: "),
                r.out());
        assertTrue(r.out().contains("\nFirst bad commit: " + repo.commit(11) + "\n"), r.out());
    }
}
