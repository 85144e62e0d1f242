package dev.hd.cli;

import dev.hd.builder.Generations;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd rollback}: switches a profile link back to an earlier generation. It reads the
 * link's generation log and swaps the link: no spec is read, no git, no build.
 */
@Command(name = "rollback",
        description = {"Switch a profile link back to an earlier generation at once, without building anything.",
                "With no N, to the generation before the current one (again: further back); hd log lists them.",
                "The next hd build follows the stack again."},
        footer = {"", "Examples:", "  hd rollback", "  hd rollback 3", "  hd rollback examples 3",
                "  hd rollback --link ~/envs/py/.hd/profile"})
final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(arity = "0..2", paramLabel = "[DIR] [N]",
            description = {"The stack directory (default: the current one) and the generation to switch to.",
                    "An argument of digits only is N (write ./3 for a directory named 3)."})
    List<String> args = new ArrayList<>();

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link (default: DIR/.hd/profile).")
    Path link;

    @Override
    public Integer call() throws HdException {
        String dir = null;
        OptionalInt n = OptionalInt.empty();
        for (String a : args) {
            OptionalInt num = ProfileLinks.number(a);
            if (num.isPresent() && n.isEmpty()) {
                n = num;
            } else if (num.isEmpty() && dir == null) {
                dir = a;
            } else {
                throw new UsageException("give at most a directory and a generation number, got " + String.join(" ", args));
            }
        }
        if (dir != null && link != null) {
            throw new UsageException("give either a directory or --link, not both");
        }
        Store store = new Store(main.storeRoot());
        Path l = ProfileLinks.link(main, dir, link);
        Generations.Generation g = new Generations(store).rollback(l, n);
        main.ctx().out().println("Rolled back " + l + " to generation " + g.number()
                + (g.description().isEmpty() ? "" : " (" + g.description() + ")") + ": -> " + store.profile(g.profile()));
        return Main.OK;
    }
}
