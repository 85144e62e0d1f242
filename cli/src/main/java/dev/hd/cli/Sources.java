package dev.hd.cli;

import dev.hd.builder.Store;
import dev.hd.builder.StoreConfig;
import dev.hd.builder.source.Fetcher;
import dev.hd.builder.source.Mirror;
import dev.hd.builder.source.SourceCache;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Wiring of the source cache for every command that needs one ({@code hd fetch}, {@code hd
 * build}): the store from {@code --store}/{@code HD_STORE}, the mirrors from {@code --mirror}
 * (relative to the working directory) followed by the store config's (relative to the store).
 */
final class Sources {
    private Sources() {
    }

    /** The store config; a bad file is an error naming its line. */
    static StoreConfig config(Main main) throws HdException, IOException {
        return StoreConfig.load(new Store(main.storeRoot()).configFile());
    }

    /** The store config, with an unreadable file reported as a failure the user can act on. */
    static StoreConfig readConfig(Main main) throws HdException {
        Store store = new Store(main.storeRoot());
        try {
            return StoreConfig.load(store.configFile());
        } catch (IOException e) {
            throw new HdException("cannot read the store config " + store.configFile() + ": " + e.getMessage(),
                    "check its permissions, or choose another store with --store or HD_STORE");
        }
    }

    /** How many packages to build at once: {@code -j}, else the config's {@code build.jobs}, else the CPUs. */
    static int jobs(Main main, Integer option) throws HdException {
        if (option != null) {
            return option;
        }
        return readConfig(main).getInt("build.jobs").orElse(Runtime.getRuntime().availableProcessors());
    }

    /** The mirrors in the order they are searched. */
    static List<Mirror> mirrors(Main main, StoreConfig config) throws HdException {
        Store store = new Store(main.storeRoot());
        List<Mirror> out = new ArrayList<>();
        for (String m : main.mirrors()) {
            String problem = Mirror.problem(m);
            if (problem != null) {
                throw new UsageException("--mirror " + m + ": " + problem);
            }
            out.add(Mirror.parse(m, main.cwd()));
        }
        for (String m : config.mirrors()) {
            out.add(Mirror.parse(m, store.root()));
        }
        return out;
    }

    /** The source cache of the store, with every mirror. */
    static SourceCache cache(Main main) throws HdException, IOException {
        Store store = new Store(main.storeRoot());
        return new SourceCache(store, mirrors(main, config(main)), Fetcher.standard());
    }
}
