package dev.hd.cli;

import dev.hd.builder.FileLocks;
import dev.hd.builder.Store;
import dev.hd.builder.StoreConfig;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd config get/set/unset/list}: reads and changes the store config file
 * ({@code <store>/config}, docs/store-config.md) without an editor. Every change is checked
 * as the file would be, and written atomically with comments and line order kept.
 */
@Command(name = "config",
        description = {"Read or change the store's config file: mirrors, build.jobs, gc settings.",
                "The file is <store>/config; 'hd show-config' shows every key in effect and where its value comes from."},
        subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Unset.class,
                ConfigCommand.ListKeys.class},
        footer = {"", "Examples:", "  hd config get build.jobs", "  hd config set build.jobs 4",
                "  hd config set gc.keep-generations 10", "  hd config set --add mirror /srv/hd-mirror",
                "  hd config unset mirror", "  hd config list",
                "", "Keys and their values: docs/store-config.md, or 'hd show-config'."})
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        // no subcommand: say what there is (like 'git config' without arguments, but exit 0)
        picocli.CommandLine cl = new picocli.CommandLine(this);
        cl.setColorScheme(picocli.CommandLine.Help.defaultColorScheme(
                main.ctx().color() ? picocli.CommandLine.Help.Ansi.ON : picocli.CommandLine.Help.Ansi.OFF));
        cl.usage(main.ctx().out());
        return Main.OK;
    }

    Store store() {
        return new Store(main.storeRoot());
    }

    /** Completion candidates for a KEY parameter: every key's name. */
    static final class Keys implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return StoreConfig.KEYS.stream().map(StoreConfig.Key::name).iterator();
        }
    }

    @Command(name = "get", description = {"Print a key's value.", "A list key (mirror) prints each value on a line of its own."},
            footer = {"", "Exit status 1, with nothing on stdout, when the key is not set.", "",
                    "Examples:", "  hd config get build.jobs", "  jobs=$(hd config get build.jobs || nproc)"})
    static final class Get implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Parameters(paramLabel = "KEY", completionCandidates = Keys.class, description = "The key (see 'hd show-config').")
        String key;

        @Override
        public Integer call() throws HdException {
            StoreConfig.Key k = StoreConfig.keyNamed(key);
            Path file = config.store().configFile();
            List<String> values = Sources.readConfig(config.main).getAll(k.name());
            if (values.isEmpty()) {
                throw new HdException(k.name() + " is not set in " + file,
                        "set it with 'hd config set " + k.name() + " VALUE'; unset, it means: " + k.description());
            }
            PrintWriter out = config.main.ctx().out();
            values.forEach(out::println);
            return Main.OK;
        }
    }

    @Command(name = "set", description = {"Set a key to a value.",
            "For a list key (mirror) this replaces every value; --add appends one. The value is checked first: a bad"
                    + " one leaves the file as it was."},
            footer = {"", "Examples:", "  hd config set build.jobs 4", "  hd config set gc.keep-build-deps true",
                    "  hd config set --add mirror https://mirror.example.org/hd"})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Option(names = "--add", description = "Append a value to a list key (mirror) instead of replacing its values.")
        boolean add;

        @Parameters(index = "0", paramLabel = "KEY", completionCandidates = Keys.class, description = "The key.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "Its new value.")
        String value;

        @Override
        public Integer call() throws HdException {
            StoreConfig.Key k = StoreConfig.keyNamed(key);
            if (add && !k.list()) {
                throw new UsageException("--add is for list keys (mirror); " + k.name() + " holds one value:"
                        + " hd config set " + k.name() + " " + value);
            }
            update(config, c -> add ? c.add(k.name(), value) : c.set(k.name(), value));
            return Main.OK;
        }
    }

    @Command(name = "unset", description = {"Remove a key from the config file.",
            "Every line of the key goes, so its default applies again."},
            footer = {"", "Examples:", "  hd config unset build.jobs", "  hd config unset mirror"})
    static final class Unset implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Parameters(paramLabel = "KEY", completionCandidates = Keys.class, description = "The key.")
        String key;

        @Override
        public Integer call() throws HdException {
            StoreConfig.Key k = StoreConfig.keyNamed(key);
            update(config, c -> c.unset(k.name()));
            return Main.OK;
        }
    }

    @Command(name = "list", description = {"Print the keys the config file sets.",
            "One 'key = value' line each, in file order."},
            footer = {"", "Examples:", "  hd config list", "  hd show-config    # every key, set or not, with its origin"})
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Override
        public Integer call() throws HdException {
            PrintWriter out = config.main.ctx().out();
            for (StoreConfig.Setting s : Sources.readConfig(config.main).settings()) {
                out.println(s.key() + " = " + s.value());
            }
            return Main.OK;
        }
    }

    /** A change of the config. */
    @FunctionalInterface
    interface Change {
        StoreConfig apply(StoreConfig c) throws HdException;
    }

    /** Reads, changes and saves the file under the config lock. */
    @SuppressWarnings("try") // the lock is held, not used
    static void update(ConfigCommand config, Change change) throws HdException {
        Store store = config.store();
        Path file = store.configFile();
        try {
            java.nio.file.Files.createDirectories(store.locksDir());
            try (FileLocks.Held lock = FileLocks.exclusive(store.configLock(), () -> { })) {
                StoreConfig before = StoreConfig.load(file);
                StoreConfig after = change.apply(before);
                if (!after.equals(before)) {
                    after.save(file);
                }
            }
        } catch (IOException e) {
            throw new HdException("cannot write the store config " + file + ": " + e.getMessage(),
                    "check that " + store.root() + " is writable, or choose another store with --store");
        }
    }
}
