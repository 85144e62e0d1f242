package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.GarbageCollector;
import dev.hd.builder.GcRoots;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd gc}: removes what no root keeps. */
@Command(name = "gc",
        description = {"Remove the artifacts, profiles and leftovers that nothing keeps: roots are profile links (their",
                "current profile and last keep-generations generations), pins, and the ref map. Waits for running builds."},
        footer = {"", "Examples:", "  hd gc --dry-run", "  hd gc", "  hd gc --older-than 30d --sources",
                "", "Store config keys: keep-generations (default 3), gc.keep-build-deps (default true);",
                "see docs/generations-and-gc.md."})
final class GcCommand implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("([0-9]{1,9})([smhdw])");

    @ParentCommand
    Main main;

    @Option(names = {"-n", "--dry-run"}, description = "Only list what would be removed, with sizes.")
    boolean dryRun;

    @Option(names = "--older-than", paramLabel = "AGE",
            description = {"Also drop generations and ref-map profiles unused for AGE (30d, 12h, 2w, 90m, 10s);",
                    "links' current profiles and pins are always kept."})
    String olderThan;

    @Option(names = "--sources", description = "Also remove source archives that no kept artifact was built from.")
    boolean sources;

    @Option(names = "--json", description = "Print a JSON document instead.")
    boolean json;

    @Override
    public Integer call() throws HdException, IOException {
        Optional<Duration> age = olderThan == null ? Optional.empty() : Optional.of(age(olderThan));
        Store store = new Store(main.storeRoot());
        GarbageCollector.Options o = new GarbageCollector.Options(dryRun, age, sources,
                GarbageCollector.Options.DEFAULT_KEEP_GENERATIONS, true, Instant.now()).with(Sources.config(main));
        PrintWriter out = main.ctx().out();
        boolean print = !json && !main.quiet() && !dryRun;
        GarbageCollector.Result r = new GarbageCollector(store).collect(o, new GarbageCollector.Listener() {
            @Override
            public void waiting() {
                main.ctx().err().println("hd: waiting for running builds to finish (they hold the store " + store.root() + ")");
            }

            @Override
            public void removed(GarbageCollector.Item item) {
                if (print) {
                    out.println("removed " + line(item));
                }
            }
        });
        if (json) {
            out.println(Json.write(json(r)));
            return Main.OK;
        }
        if (dryRun) {
            if (!r.items().isEmpty()) {
                out.println("Would remove:");
                r.items().forEach(i -> out.println("  " + line(i)));
            }
        }
        if (main.verbose()) {
            for (GcRoots.Root e : r.expired()) {
                out.println("not kept: " + e.profile().shortForm() + " " + e.what() + " of " + e.path());
            }
        }
        out.println(summary(r));
        return Main.OK;
    }

    static Duration age(String s) {
        Matcher m = AGE.matcher(s.strip());
        if (!m.matches()) {
            throw new UsageException("--older-than " + s + ": expected a number and a unit, like 30d, 12h, 2w, 90m or 10s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static String line(GarbageCollector.Item i) {
        boolean named = i.kind() == GarbageCollector.Kind.ARTIFACT || i.kind() == GarbageCollector.Kind.PROFILE;
        return String.format("%-8s %9s  %s", i.kind().label(), FetchProgress.size(i.bytes()),
                i.label() + (named ? "" : "  " + i.path()));
    }

    static String summary(GarbageCollector.Result r) {
        Map<GarbageCollector.Kind, Integer> counts = new EnumMap<>(GarbageCollector.Kind.class);
        r.items().forEach(i -> counts.merge(i.kind(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        if (r.items().isEmpty()) {
            sb.append("Nothing to collect.");
        } else {
            sb.append(r.dryRun() ? "Would free " : "Freed ").append(FetchProgress.size(r.bytes())).append(": ");
            String sep = "";
            for (Map.Entry<GarbageCollector.Kind, Integer> e : counts.entrySet()) {
                sb.append(sep).append(e.getValue()).append(' ').append(plural(e.getKey().label(), e.getValue()));
                sep = ", ";
            }
            sb.append('.');
        }
        Map<GcRoots.Kind, Integer> roots = new EnumMap<>(GcRoots.Kind.class);
        r.roots().forEach(x -> roots.merge(x.kind(), 1, Integer::sum));
        sb.append(" Kept ").append(r.keptArtifacts()).append(' ').append(plural("artifact", r.keptArtifacts()))
                .append(" and ").append(r.keptProfiles()).append(' ').append(plural("profile", r.keptProfiles()));
        if (!roots.isEmpty()) {
            sb.append(" (roots:");
            String sep = " ";
            for (Map.Entry<GcRoots.Kind, Integer> e : roots.entrySet()) {
                String k = switch (e.getKey()) {
                    case LINK -> "link";
                    case GENERATION -> "generation";
                    case PIN -> "pin";
                    case REF_MAP -> "ref-map profile";
                };
                sb.append(sep).append(e.getValue()).append(' ').append(plural(k, e.getValue()));
                sep = ", ";
            }
            sb.append(')');
        }
        return sb.append('.').toString();
    }

    private static String plural(String word, int n) {
        if (n == 1) {
            return word;
        }
        return word.endsWith("y") ? word.substring(0, word.length() - 1) + "ies" : word + "s";
    }

    private static ObjectNode json(GarbageCollector.Result r) {
        ObjectNode doc = Json.document();
        doc.put("dry_run", r.dryRun());
        doc.put("freed_bytes", r.bytes());
        ArrayNode items = doc.putArray("removed");
        for (GarbageCollector.Item i : r.items()) {
            items.addObject().put("kind", i.kind().label()).put("label", i.label()).put("path", i.path().toString())
                    .put("bytes", i.bytes());
        }
        doc.putObject("kept").put("artifacts", r.keptArtifacts()).put("profiles", r.keptProfiles());
        roots(doc.putArray("roots"), r.roots());
        roots(doc.putArray("not_kept"), r.expired());
        return doc;
    }

    private static void roots(ArrayNode arr, List<GcRoots.Root> roots) {
        for (GcRoots.Root x : roots) {
            arr.addObject().put("kind", x.kind().name().toLowerCase(java.util.Locale.ROOT)).put("path", x.path().toString())
                    .put("profile", x.profile().value()).put("what", x.what());
        }
    }
}
