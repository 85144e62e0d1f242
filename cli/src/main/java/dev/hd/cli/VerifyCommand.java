package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.SharedLibraries;
import dev.hd.builder.Store;
import dev.hd.builder.StoreVerifier;
import dev.hd.resolver.HdException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd verify}: checks the store's invariants and says how to fix each violation. */
@Command(name = "verify",
        description = {"Check the store: every artifact complete and unchanged since it was published (file hashes,",
                "read-only), its ELF files finding their libraries in the store or the system, every profile and",
                "root valid. Prints each problem with its fix; exits 1 when the store cannot be trusted."},
        footer = {"", "Examples:", "  hd verify", "  hd verify --repair", "  hd verify --sources --json",
                "", "Leftovers of interrupted runs are harmless; --repair (or hd gc) removes them."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--repair", description = "Remove leftovers, dangling roots, damaged artifacts and the profiles using them.")
    boolean repair;

    @Option(names = "--sources", description = "Also check that every source archive hashes to its name.")
    boolean sources;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Artifacts checked at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--json", description = "Print a JSON document instead.")
    boolean json;

    @Override
    public Integer call() throws HdException {
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new UsageException("--jobs must be at least 1, got " + j);
        }
        Store store = new Store(main.storeRoot());
        StoreVerifier.Options o = new StoreVerifier.Options(sources, SharedLibraries.systemDirs(Path.of("/")), j, repair);
        StoreVerifier.Report r = new StoreVerifier(store).verify(o, () -> main.ctx().err().println(
                "hd: waiting for running builds to finish (they hold the store " + store.root() + ")"));
        PrintWriter out = main.ctx().out();
        if (json) {
            out.println(Json.write(json(r)));
        } else {
            if (!r.repaired().isEmpty()) {
                out.println("Repaired (removed):");
                for (StoreVerifier.Finding f : r.repaired()) {
                    out.println("  " + f.path() + ": " + f.problem());
                }
            }
            for (StoreVerifier.Finding f : r.findings()) {
                out.printf("%-9s %s: %s%n", f.severity().name().toLowerCase(Locale.ROOT), f.path(), f.problem());
                out.println("          fix: " + f.fix());
            }
            out.println("Checked " + r.artifacts() + " artifacts (" + r.files() + " files, " + r.elfFiles() + " ELF), "
                    + r.profiles() + " profiles, " + r.roots() + " roots, " + r.logs() + " generation logs"
                    + (sources ? ", " + r.archives() + " archives" : "") + ".");
            long left = r.count(StoreVerifier.Severity.LEFTOVER);
            if (r.consistent()) {
                out.println("The store is consistent" + (left == 0 ? "." : " (" + left + " leftover"
                        + (left == 1 ? "" : "s") + " of interrupted runs, harmless: hd verify --repair removes them)."));
            }
        }
        if (!r.consistent()) {
            long damaged = r.count(StoreVerifier.Severity.DAMAGED);
            long unsound = r.count(StoreVerifier.Severity.UNSOUND);
            throw new HdException("the store " + store.root() + " has " + (damaged + unsound) + " problem"
                    + (damaged + unsound == 1 ? "" : "s") + " (" + damaged + " damaged, " + unsound + " unsound)",
                    repair ? "what is left needs the fix printed with it" : "each problem's fix is printed with it;"
                            + " hd verify --repair removes what can be removed");
        }
        return Main.OK;
    }

    private static ObjectNode json(StoreVerifier.Report r) {
        ObjectNode doc = Json.document();
        doc.put("consistent", r.consistent());
        findings(doc.putArray("findings"), r.findings());
        findings(doc.putArray("repaired"), r.repaired());
        doc.putObject("checked").put("artifacts", r.artifacts()).put("files", r.files()).put("elf_files", r.elfFiles())
                .put("profiles", r.profiles()).put("roots", r.roots()).put("generation_logs", r.logs())
                .put("archives", r.archives());
        return doc;
    }

    private static void findings(ArrayNode arr, List<StoreVerifier.Finding> fs) {
        for (StoreVerifier.Finding f : fs) {
            arr.addObject().put("severity", f.severity().name().toLowerCase(Locale.ROOT)).put("path", f.path().toString())
                    .put("problem", f.problem()).put("fix", f.fix()).put("repairable", f.repairable());
        }
    }
}
