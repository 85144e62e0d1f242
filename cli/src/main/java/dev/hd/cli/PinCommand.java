package dev.hd.cli;

import dev.hd.builder.FileLocks;
import dev.hd.builder.GcRoots;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd pin}: keeps a profile (and what it needs) from being collected, whatever its age. */
@Command(name = "pin",
        description = {"Pin a profile: hd gc keeps it and everything it needs until hd unpin, however old it gets.",
                "Without arguments, the profile the current directory's link points at."},
        footer = {"", "Examples:", "  hd pin", "  hd pin examples -g 2", "  hd pin 4b7a2c9d1e0f", "  hd pin --list"})
final class PinCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PinTarget which;

    @Option(names = {"-l", "--list"}, description = "List the pinned profiles.")
    boolean list;

    @Override
    @SuppressWarnings("try") // the lock is held, not used
    public Integer call() throws HdException, IOException {
        Store store = new Store(main.storeRoot());
        GcRoots roots = new GcRoots(store);
        PrintWriter out = main.ctx().out();
        if (list) {
            if (which.target != null || which.link != null || which.generation != null) {
                throw new UsageException("--list takes no profile");
            }
            list(store, roots.pins(), out);
            return Main.OK;
        }
        try (FileLocks.Held lock = FileLocks.shared(store.storeLock())) {
            ProfileId id = which.resolve(main, store);
            boolean added = roots.pin(id);
            out.println((added ? "Pinned" : "Already pinned:") + " profile " + id.shortForm() + " (" + store.profile(id)
                    + "); hd gc keeps it until 'hd unpin " + id.shortForm() + "'.");
        }
        return Main.OK;
    }

    static void list(Store store, List<ProfileId> pins, PrintWriter out) {
        if (pins.isEmpty()) {
            out.println("No pinned profiles.");
            return;
        }
        Profiles profiles = new Profiles(store);
        out.println("Pinned profiles:");
        for (ProfileId p : pins) {
            String what;
            try {
                List<String> names = profiles.members(p).stream().map(Profiles.Member::name).toList();
                what = names.size() + " package" + (names.size() == 1 ? "" : "s") + ": "
                        + String.join(", ", names.subList(0, Math.min(6, names.size()))) + (names.size() > 6 ? ", ..." : "");
            } catch (IOException | IllegalArgumentException e) {
                what = profiles.exists(p) ? "(unreadable: hd verify says more)" : "(gone)";
            }
            out.println("  " + p.shortForm() + "  " + what);
        }
    }
}
