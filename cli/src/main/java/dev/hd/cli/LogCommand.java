package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.Generations;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hd log}: the generations of a profile link, oldest first. */
@Command(name = "log",
        description = {"List the generations of a profile link: each switch hd made, oldest first, the current one marked *.",
                "hd rollback [N] switches back to one; a generation whose profile hd gc removed is marked 'collected'."},
        footer = {"", "Examples:", "  hd log", "  hd log examples -n 5", "  hd log --link ~/envs/py/.hd/profile --json"})
final class LogCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParentCommand
    Main main;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The stack directory whose link to list (default: the current one).")
    String dir;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link (default: DIR/.hd/profile).")
    Path link;

    @Option(names = {"-n", "--max-count"}, paramLabel = "N", description = "Show only the last N generations.")
    Integer max;

    @Option(names = "--json", description = "Print a JSON document instead.")
    boolean json;

    @Override
    public Integer call() throws HdException, IOException {
        if (max != null && max < 1) {
            throw new UsageException("-n must be at least 1, got " + max);
        }
        Store store = new Store(main.storeRoot());
        Profiles profiles = new Profiles(store);
        Path l = ProfileLinks.link(main, dir, link);
        List<Generations.Generation> gens = new Generations(store).list(l);
        Optional<ProfileId> linked = profiles.current(l);
        Optional<Generations.Generation> cur = Generations.current(gens, linked);
        List<Generations.Generation> shown = max == null || gens.size() <= max ? gens : gens.subList(gens.size() - max, gens.size());
        PrintWriter out = main.ctx().out();
        if (json) {
            ObjectNode doc = Json.document();
            doc.put("link", l.toString());
            if (linked.isPresent()) {
                doc.put("profile", linked.get().value());
            } else {
                doc.putNull("profile");
            }
            if (cur.isPresent()) {
                doc.put("current", cur.get().number());
            } else {
                doc.putNull("current");
            }
            ArrayNode arr = doc.putArray("generations");
            for (Generations.Generation g : shown) {
                arr.addObject().put("number", g.number()).put("time", g.epochSeconds()).put("profile", g.profile().value())
                        .put("description", g.description()).put("current", cur.isPresent() && cur.get().equals(g))
                        .put("collected", !profiles.exists(g.profile()));
            }
            out.println(Json.write(doc));
            return Main.OK;
        }
        if (gens.isEmpty()) {
            out.println("No generations recorded for " + l + " (hd build records one when it switches the link).");
            return Main.OK;
        }
        out.println("Generations of " + l + ":");
        int width = String.valueOf(gens.get(gens.size() - 1).number()).length();
        ZoneId zone = ZoneId.systemDefault();
        for (Generations.Generation g : shown) {
            boolean isCur = cur.isPresent() && cur.get().equals(g);
            out.printf("%s %" + width + "d  %s  %s  %s%s%n", isCur ? "*" : " ", g.number(),
                    TIME.format(Instant.ofEpochSecond(g.epochSeconds()).atZone(zone)), g.profile().shortForm(),
                    g.description().isEmpty() ? "?" : g.description(), profiles.exists(g.profile()) ? "" : "  (collected)");
        }
        if (linked.isPresent() && cur.isEmpty()) {
            out.println("  (the link points at " + linked.get().shortForm() + ", which no generation records)");
        }
        return Main.OK;
    }
}
