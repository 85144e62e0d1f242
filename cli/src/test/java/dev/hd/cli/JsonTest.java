package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The --json conventions of docs/cli.md: a version field first, stable fields, every --json command documented. */
class JsonTest {
    @TempDir
    Path tmp;

    private static List<String> fields(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void resolveJsonHasTheDocumentedFieldsInTheirOrder() {
        Cli.Result r = new Cli(tmp, tmp.resolve("store")).run("resolve", CliHarness.examples().toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode doc = CanonicalJson.read(r.out());
        assertEquals(List.of("version", "parameters", "packages"), fields(doc));
        assertEquals(List.of("name", "spec", "version", "id", "short_id", "origin", "build_deps", "run_deps", "in_profile", "sources",
                "build_spec"), fields(doc.path("packages").get(0)));
        assertEquals(Json.FORMAT_VERSION, doc.path("version").asInt());
    }

    @Test
    void everyCommandWithJsonIsDocumentedInCliMd() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "cli.md"));
        String section = doc.substring(doc.indexOf("## `--json`"), doc.indexOf("\n## ", doc.indexOf("## `--json`") + 5));
        List<String> missing = new ArrayList<>();
        for (CommandLine c : HelpTest.commands()) {
            if (c.getCommandSpec().findOption("--json") != null) {
                String name = "`" + c.getCommandSpec().qualifiedName(" ");
                if (!section.contains(name)) {
                    missing.add(c.getCommandSpec().qualifiedName(" "));
                }
            }
        }
        assertEquals(List.of(), missing, "commands with --json that docs/cli.md does not describe");
    }
}
