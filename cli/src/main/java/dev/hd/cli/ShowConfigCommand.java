package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.Store;
import dev.hd.builder.StoreConfig;
import dev.hd.resolver.HdException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd show-config}: the settings in effect and where each comes from (the command
 * line, the environment, the store config file and its line, or hd's default), like
 * {@code git config --list --show-origin}.
 */
@Command(name = "show-config",
        description = {"Show the settings in effect and where each comes from.",
                "The store, its config file, and every config key with its value and its origin: the command line, the"
                        + " environment, a line of the config file, or the default."},
        footer = {"", "Examples:", "  hd show-config", "  hd --store /scratch/hd show-config",
                "  hd show-config --json | jq -r '.settings[] | select(.key == \"build.jobs\") | .value'",
                "", "Change settings with 'hd config set KEY VALUE'; the keys: docs/store-config.md."})
final class ShowConfigCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print a JSON document (docs/cli.md).")
    boolean json;

    /** One line of the report. */
    record Entry(String key, String value, String from, Integer line) {
    }

    @Override
    public Integer call() throws HdException {
        Store store = new Store(main.storeRoot());
        Path file = store.configFile();
        boolean exists = Files.isRegularFile(file);
        StoreConfig config = Sources.readConfig(main);
        String storeFrom = main.store != null ? "--store"
                : main.ctx().env("HD_STORE") != null && !main.ctx().env("HD_STORE").isEmpty() ? "HD_STORE" : "default";

        List<Entry> entries = new ArrayList<>();
        for (StoreConfig.Key k : StoreConfig.KEYS) {
            List<Entry> forKey = new ArrayList<>();
            if (k.name().equals("mirror")) {
                for (String m : main.mirrors()) {
                    forKey.add(new Entry(k.name(), m, "--mirror", null));
                }
            }
            for (StoreConfig.Setting s : config.settings()) {
                if (s.key().equals(k.name())) {
                    forKey.add(new Entry(k.name(), s.value(), "config", s.line()));
                }
            }
            if (forKey.isEmpty() && k.name().equals("build.jobs")) {
                forKey.add(new Entry(k.name(), String.valueOf(Runtime.getRuntime().availableProcessors()), "default",
                        null));
            }
            if (forKey.isEmpty()) {
                forKey.add(new Entry(k.name(), null, "unset", null));
            }
            entries.addAll(forKey);
        }

        PrintWriter out = main.ctx().out();
        if (json) {
            ObjectNode doc = Json.document();
            ObjectNode s = doc.putObject("store");
            s.put("path", store.root().toString());
            s.put("from", storeFrom);
            ObjectNode f = doc.putObject("config_file");
            f.put("path", file.toString());
            f.put("exists", exists);
            ArrayNode arr = doc.putArray("settings");
            for (Entry e : entries) {
                ObjectNode o = arr.addObject();
                o.put("key", e.key());
                if (e.value() == null) {
                    o.putNull("value");
                } else {
                    o.put("value", e.value());
                }
                o.put("from", e.from());
                if (e.line() != null) {
                    o.put("line", e.line());
                }
                o.put("description", StoreConfig.key(e.key()).orElseThrow().description());
            }
            out.println(Json.write(doc));
            return Main.OK;
        }
        int w = "config file".length();
        for (StoreConfig.Key k : StoreConfig.KEYS) {
            w = Math.max(w, k.name().length());
        }
        String fmt = "%-" + w + "s  %s%n";
        out.printf(fmt, "store", store.root() + "  (" + describeStoreOrigin(storeFrom) + ")");
        out.printf(fmt, "config file", file + (exists ? "" : "  (absent: every key has its default)"));
        for (Entry e : entries) {
            String origin = switch (e.from()) {
                case "config" -> "config:" + e.line();
                case "--mirror" -> "--mirror";
                case "default" -> "default: the number of CPUs";
                default -> "not set";
            };
            out.printf(fmt, e.key(), (e.value() == null ? "-" : e.value()) + "  (" + origin + ")");
            if (main.verbose()) {
                out.printf(fmt, "", "  " + StoreConfig.key(e.key()).orElseThrow().description());
            }
        }
        return Main.OK;
    }

    private static String describeStoreOrigin(String from) {
        return switch (from) {
            case "--store" -> "--store";
            case "HD_STORE" -> "$HD_STORE";
            default -> "default: $HD_STORE is not set";
        };
    }
}
