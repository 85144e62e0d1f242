package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.builder.Store;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hd diff}, {@code hd why} and {@code hd graph} on plain stack directories (no git,
 * nothing built): {@code app} needs {@code lib} (build and run) and {@code tool} (build only).
 */
class HistoryCommandsTest {
    @TempDir
    Path tmp;
    Path a;
    Path b;
    Cli cli;

    private static void write(Path dir, String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static void stack(Path dir, String libBuild, String toolVersion) throws IOException {
        write(dir, "stack.yaml", "packages:\n  app:\n");
        write(dir, "pkgs/app.yaml", """
                version: "1.0"
                dependencies: {build: [lib, tool], run: [lib]}
                build_stages:
                  - {name: build, bash: "echo app"}
                """);
        write(dir, "pkgs/lib.yaml", "version: \"2.0\"\nbuild_stages:\n  - name: build\n    bash: |\n" + libBuild);
        write(dir, "pkgs/tool.yaml", "version: \"" + toolVersion + "\"\nbuild_stages:\n  - {name: build, bash: \"echo tool\"}\n");
    }

    @BeforeEach
    void setUp() throws IOException {
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        stack(a, "      echo one\n      echo two\n", "1");
        stack(b, "      echo one\n      echo 2\n", "1");
        cli = new Cli(tmp, tmp.resolve("store"));
    }

    @Test
    void diffOfTwoDirectoriesNamesTheStageAndTheDependency() {
        Cli.Result r = cli.run("diff", "a", "b");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("a -> b: 2 rebuilt, 0 added, 0 removed, 1 unchanged", lines.get(0));
        assertTrue(lines.get(1).matches("  rebuilt  lib-2\\.0  [a-z2-7]{12} -> [a-z2-7]{12}"), lines.get(1));
        assertEquals(List.of("           stage build changed", "             - echo two", "             + echo 2"),
                lines.subList(2, 5));
        assertTrue(lines.get(5).matches("  rebuilt  app-1\\.0  [a-z2-7]{12} -> [a-z2-7]{12}"), lines.get(5));
        assertEquals("           only dependency lib has a new id", lines.get(6));
        assertEquals(7, lines.size(), r.out());

        Cli.Result same = cli.run("diff", "a", "a");
        assertEquals("a and a build the same 3 packages.\n", same.out());

        Cli.Result j = cli.run("diff", "a", "b", "--json");
        JsonNode doc = CanonicalJson.read(j.out());
        assertEquals(1, doc.path("version").asInt());
        assertTrue(doc.path("from").path("commit").isNull());
        JsonNode change = doc.path("rebuilt").get(0).path("changes").get(0);
        assertEquals("stage", change.path("input").asText());
        assertEquals("build", change.path("what").asText());
        assertEquals("echo one\necho two\n", change.path("from").asText());
        assertEquals(List.of("tool"), List.of(doc.path("unchanged").get(0).asText()));
    }

    @Test
    void diffUsageAndOverridesOnBothSides() {
        Cli.Result three = cli.run("diff", "a", "b", "a");
        assertEquals(2, three.code(), three.toString());
        Cli.Result none = cli.run("diff");
        assertEquals(1, none.code(), none.toString());
        assertTrue(none.err().contains("is in no git repository"), none.err());
        assertTrue(none.err().contains("hint: give two stack directories"), none.err());
        Cli.Result bad = cli.run("diff", "a", "nowhere/");
        assertEquals(1, bad.code(), bad.toString());
        Cli.Result o = cli.run("diff", "a", "a", "tool.x=1");
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().startsWith("a and a build the same"), "an override applies to both sides: " + o.out());
    }

    @Test
    void whyGivesTheChainFromAListedPackage() {
        Cli.Result lib = cli.run("why", "lib", "a");
        assertEquals(0, lib.code(), lib.toString());
        List<String> lines = lib.out().lines().toList();
        assertTrue(lines.get(0).matches("lib-2\\.0 \\([a-z2-7]{12}\\) is in the profile of a:"), lines.get(0));
        assertEquals("  app    listed in stack.yaml", lines.get(1));
        assertEquals("    lib  build and run dependency of app", lines.get(2));
        assertEquals("Needed by: app (build, run)", lines.get(3));

        Cli.Result tool = cli.run("why", "tool", "a");
        assertTrue(tool.out().contains(" is not in the profile of a: it is only needed to build:\n"), tool.out());
        assertTrue(tool.out().contains("    tool  build dependency of app\n"), tool.out());

        Cli.Result j = cli.run("why", "tool", "a", "--json");
        JsonNode doc = CanonicalJson.read(j.out());
        assertFalse(doc.path("in_profile").asBoolean());
        assertEquals("build", doc.path("path").get(1).path("via").asText());
        assertEquals("app", doc.path("needed_by").get(0).path("name").asText());

        Cli.Result nope = cli.run("why", "lbi", "a");
        assertEquals(1, nope.code(), nope.toString());
        assertTrue(nope.err().contains("no package 'lbi' in a"), nope.err());
        assertTrue(nope.err().contains("hint: its packages: app, lib, tool"), nope.err());
    }

    @Test
    void whyRebuildFollowsDependenciesToTheChange() throws IOException {
        Cli.Result r = cli.run("why", "app", "a", "--rebuild", "b");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("app-1\\.0 rebuilds from a to b: [a-z2-7]{12} -> [a-z2-7]{12}"), lines.get(0));
        assertTrue(lines.get(1).matches("  dependency lib-2\\.0 rebuilds \\([a-z2-7]{12} -> [a-z2-7]{12}\\):"), lines.get(1));
        assertEquals(List.of("    stage build changed", "      - echo two", "      + echo 2",
                "Packages whose own inputs changed: lib"), lines.subList(2, 6));

        Cli.Result same = cli.run("why", "tool", "a", "--rebuild", "b");
        assertTrue(same.out().matches("tool-1 does not rebuild from a to b: both build [a-z2-7]{12}\\.\n"), same.out());

        write(b, "pkgs/app.yaml", "version: \"1.0\"\ndependencies: {build: [lib, extra], run: [lib]}\n"
                + "build_stages:\n  - {name: build, bash: \"echo app\"}\n");
        write(b, "pkgs/extra.yaml", "build_stages:\n  - {name: build, bash: \"echo extra\"}\n");
        Cli.Result added = cli.run("why", "extra", "a", "--rebuild", "b");
        assertEquals(0, added.code(), added.toString());
        assertTrue(added.out().contains("extra (") && added.out().contains(") is new in b (not in a):\n"), added.out());
        Cli.Result removed = cli.run("why", "tool", "a", "--rebuild", "b", "--json");
        assertEquals("removed", CanonicalJson.read(removed.out()).path("status").asText());
        assertEquals("1", CanonicalJson.read(removed.out()).path("package").path("version").asText());
        Cli.Result rebuilt = cli.run("why", "app", "a", "--rebuild", "b", "--json");
        JsonNode doc = CanonicalJson.read(rebuilt.out());
        assertEquals("rebuilt", doc.path("status").asText());
        assertEquals(List.of("app", "lib"), List.of(doc.path("rebuilt").path("root_causes").get(0).asText(),
                doc.path("rebuilt").path("root_causes").get(1).asText()));
    }

    @Test
    void graphMarksBuiltAndMissingPackages() throws IOException {
        Cli.Result before = cli.run("graph", "a");
        assertEquals(0, before.code(), before.toString());
        List<String> lines = before.out().lines().toList();
        assertTrue(lines.get(0).matches("app-1\\.0  [a-z2-7]{12}  missing"), lines.get(0));
        assertTrue(lines.get(1).matches("├── lib-2\\.0  [a-z2-7]{12}  missing"), lines.get(1));
        assertTrue(lines.get(2).matches("└── tool-1  [a-z2-7]{12}  missing  \\[build]"), lines.get(2));
        assertEquals("3 packages (2 in the profile): 0 built, 3 missing.", lines.get(3));

        // mark lib built the way the store does: its artifact marker
        JsonNode pkgs = CanonicalJson.read(cli.run("graph", "a", "--json").out()).path("packages");
        String libId = pkgs.get(0).path("name").asText().equals("lib") ? pkgs.get(0).path("id").asText()
                : pkgs.get(1).path("id").asText();
        Path marker = new Store(tmp.resolve("store")).artifactMarker("lib", new ArtifactId(libId));
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "{}");
        Cli.Result after = cli.run("graph", "a");
        assertTrue(after.out().contains("├── lib-2.0  " + libId.substring(0, 12) + "  built\n"), after.out());
        assertTrue(after.out().endsWith("1 built, 2 missing.\n"), after.out());

        Cli.Result dot = cli.run("graph", "a", "--dot");
        assertTrue(dot.out().startsWith("digraph stack {\n"), dot.out());
        assertTrue(dot.out().contains("  \"lib\" [label=\"lib-2.0\\n" + libId.substring(0, 12)
                + "\", style=filled, fillcolor=\"#c8e6c9\", penwidth=2];\n"), dot.out());
        assertTrue(dot.out().contains("  \"app\" -> \"tool\" [style=dashed];\n"), dot.out());
        assertTrue(dot.out().contains("  \"app\" -> \"lib\";\n"), dot.out());
        assertTrue(dot.out().endsWith("}\n"), dot.out());

        JsonNode j = CanonicalJson.read(cli.run("graph", "a", "--json").out());
        for (JsonNode p : j.path("packages")) {
            assertEquals(p.path("name").asText().equals("lib"), p.path("built").asBoolean(), p.toString());
            assertEquals(!p.path("name").asText().equals("tool"), p.path("in_profile").asBoolean(), p.toString());
        }
        assertEquals(2, cli.run("graph", "a", "--dot", "--json").code());
    }

    @Test
    void lineDiffAndShellWords() {
        assertEquals(List.of("- b", "+ x", "+ y"), LineDiff.changed(List.of("a", "b", "c"), List.of("a", "x", "y", "c")));
        assertEquals(List.of(), LineDiff.changed(List.of("a"), List.of("a")));
        assertEquals(List.of("+ a"), LineDiff.changed(List.of(), List.of("a")));
        assertEquals("sh -c 'test \"$(calc 2 3)\" = 5' make", BisectCommand.shellWords(List.of("sh", "-c",
                "test \"$(calc 2 3)\" = 5", "make")));
        assertEquals("echo 'it'\\''s'", BisectCommand.shellWords(List.of("echo", "it's")));
    }
}
