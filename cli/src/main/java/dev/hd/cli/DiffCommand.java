package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.HdException;
import dev.hd.resolver.StackDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hd diff}: which packages two revisions of a stack (or a revision and the working tree) build differently, and why. */
@Command(name = "diff",
        customSynopsis = "hd diff [OPTIONS] [REV1 [REV2]] [k=v...]",
        description = {"Compare what two versions of a stack build: what rebuilds, and why.",
                "",
                "For each rebuilt package, the input that changed: its version, a source, a stage, a "
                        + "parameter, env, or only a dependency's id (and which dependency). Nothing is built. As "
                        + "with git diff, no revision compares HEAD with the working tree and one revision compares "
                        + "it with the working tree; a directory stands for its working tree.",
                ""},
        footer = {"", "Examples:", "  hd diff                      # HEAD -> the working tree", "  hd diff main~3 main",
                "  hd diff v1.0 .               # a tag -> the working tree", "  hd diff HEAD~1 HEAD --json | jq '.rebuilt[].name'",
                "  hd diff main main cflags=-O0 # what a parameter would rebuild"})
final class DiffCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "REV|DIR|k=v", arity = "0..*",
            description = {"The two sides, older first: revisions or stack directories (default: HEAD and the working tree).",
                    "k=v overrides a parameter on both sides."})
    List<String> args = new ArrayList<>();

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean json;

    @Override
    public Integer call() throws HdException {
        List<String> sides = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : args) {
            if (StackArgs.isOverride(a)) {
                int eq = a.indexOf('=');
                overrides.put(a.substring(0, eq), a.substring(eq + 1));
            } else {
                sides.add(a);
            }
        }
        if (sides.size() > 2) {
            throw new UsageException("hd diff compares two stacks, got " + sides.size() + ": " + String.join(" ", sides));
        }
        if (sides.isEmpty() && StackTarget.topLevel(main.cwd()) == null) {
            throw new HdException("hd diff without revisions compares HEAD with the working tree, but " + main.cwd()
                    + " is in no git repository", "give two stack directories: hd diff DIR1 DIR2");
        }
        String fromArg = sides.isEmpty() ? "HEAD" : sides.get(0);
        String toArg = sides.size() < 2 ? null : sides.get(1);
        ResolvedTarget from = ResolvedTarget.of(main, fromArg, overrides);
        ResolvedTarget to = ResolvedTarget.of(main, toArg, overrides);
        StackDiff d = StackDiff.of(from.stack(), to.stack());
        if (json) {
            ObjectNode doc = Json.document();
            side(doc.putObject("from"), from);
            side(doc.putObject("to"), to);
            main.ctx().out().println(Json.write(DiffView.json(d, doc)));
            return Main.OK;
        }
        DiffView.print(main.ctx().out(), d, from.label(), to.label(), "");
        return Main.OK;
    }

    static void side(ObjectNode o, ResolvedTarget t) {
        o.put("label", t.label());
        if (t.commit() == null) {
            o.putNull("commit");
        } else {
            o.put("commit", t.commit());
        }
    }
}
