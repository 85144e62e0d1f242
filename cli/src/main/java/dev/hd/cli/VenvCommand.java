package dev.hd.cli;

import dev.hd.builder.FileLocks;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.Store;
import dev.hd.builder.Venv;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd venv DIR}, {@code hd venv --update DIR}: a writable copy of a stack's profile
 * (see {@link Venv}), kept alive by GC while it exists, refreshed after a build without
 * losing what the user put into it.
 */
@Command(name = "venv",
        description = {"Make a writable copy of a stack's profile (a venv) in DIR.",
                "DIR gets real, writable directories with links to the artifacts' files, so pip install, make install"
                        + " or cp into it never touch the store; hd gc keeps what it links to while DIR exists. --update"
                        + " refreshes it to the stack's current profile after a build and keeps your files: where the"
                        + " profile has something else in a place you changed, that is reported, not overwritten."},
        footer = {"", "Examples:", "  hd build && hd venv ~/venvs/dev", "  hd venv --stack examples /tmp/ex-venv",
                "  hd shell ~/venvs/dev            # a shell with the venv on PATH",
                "  hd build && hd venv --update ~/venvs/dev",
                "", "A conflict makes the exit status 1; the rest of the update is done. Move the files it names away"
                        + " and run 'hd venv --update DIR' again to take the profile's."})
final class VenvCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "DIR", description = "The venv directory (new or empty; for --update, an existing venv).")
    Path dir;

    @Option(names = "--update", description = "Refresh an existing venv to the stack's current profile.")
    boolean update;

    @Option(names = "--stack", paramLabel = "DIR",
            description = {"The stack whose profile (STACK/.hd/profile) the venv copies (default: the current directory;",
                    "for --update, the stack the venv was made from)."})
    Path stack;

    @Override
    @SuppressWarnings("try") // the store lock is held, not used
    public Integer call() throws HdException {
        Path d = main.cwd().resolve(dir).toAbsolutePath().normalize();
        Store store = new Store(main.storeRoot());
        Venv venvs = new Venv(store);
        Venv.Report r;
        Path stackDir;
        // shared, as builds hold it: GC (exclusive) cannot remove the profile between reading the
        // stack's link and registering the venv's
        try (FileLocks.Held lock = FileLocks.shared(store.storeLock())) {
            if (update) {
                Optional<Path> recorded = venvs.stack(d);
                stackDir = stack != null ? main.cwd().resolve(stack).toAbsolutePath().normalize() : recorded.orElse(null);
                if (stackDir == null) {
                    throw new HdException("the venv " + d + " does not record which stack it copies",
                            "name it: hd venv --update --stack STACKDIR " + dir);
                }
                r = venvs.update(d, profileOf(store, stackDir));
            } else {
                stackDir = main.cwd().resolve(stack == null ? Path.of(".") : stack).toAbsolutePath().normalize();
                r = venvs.create(d, profileOf(store, stackDir), stackDir);
            }
        } catch (IOException e) {
            throw new HdException("cannot lock the store " + store.root() + ": " + e.getMessage(),
                    "check that " + store.locksDir() + " is writable");
        }
        PrintWriter out = main.ctx().out();
        if (!main.quiet()) {
            if (update) {
                out.printf("Updated the venv %s to profile %s: %d added, %d updated, %d removed, %d unchanged.%n", d,
                        r.profile().shortForm(), r.added(), r.updated(), r.removed(), r.unchanged());
            } else {
                out.printf("Made the venv %s: %d files from profile %s of %s.%n", d, r.added(), r.profile().shortForm(),
                        stackDir);
                out.println("Use it: hd shell " + dir + "   (or: eval \"$(hd env " + dir + ")\")");
            }
            for (String k : r.kept()) {
                out.println("  kept " + k + ": you changed it, and the profile no longer has it");
            }
        }
        out.flush();
        if (!r.conflicts().isEmpty()) {
            PrintWriter err = main.ctx().err();
            err.println("hd: " + r.conflicts().size() + " path" + (r.conflicts().size() == 1 ? "" : "s")
                    + " of the venv left as you had them:");
            for (Venv.Conflict c : r.conflicts()) {
                err.println("  " + c.path() + ": " + c.reason());
            }
            err.println("hint: move them away and run 'hd venv --update " + dir + "' again to take the profile's");
            err.flush();
            return Main.FAILURE;
        }
        return Main.OK;
    }

    private static ProfileId profileOf(Store store, Path stackDir) throws HdException {
        Path link = stackDir.resolve(".hd/profile");
        return new Profiles(store).current(link).orElseThrow(() -> new HdException(
                "the stack " + stackDir + " has no built profile (" + link + " is missing or not a profile of "
                        + store.root() + ")", "build it first: hd build " + stackDir));
    }
}
