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
