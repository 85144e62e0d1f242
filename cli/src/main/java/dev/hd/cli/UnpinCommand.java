package dev.hd.cli;

import dev.hd.builder.GcRoots;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code hd unpin}: lets GC collect a profile again once nothing else keeps it. */
@Command(name = "unpin",
        description = {"Remove a profile's pin: hd gc may collect it again once no link, generation or ref keeps it."},
        footer = {"", "Examples:", "  hd unpin", "  hd unpin 4b7a2c9d1e0f", "  hd pin --list"})
final class UnpinCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PinTarget which;

    @Override
    public Integer call() throws HdException, IOException {
        Store store = new Store(main.storeRoot());
        ProfileId id = which.resolve(main, store);
        if (!new GcRoots(store).unpin(id)) {
            throw new HdException("the profile " + id.shortForm() + " is not pinned", "hd pin --list lists the pinned profiles");
        }
        main.ctx().out().println("Unpinned profile " + id.shortForm() + ".");
        return Main.OK;
    }
}
