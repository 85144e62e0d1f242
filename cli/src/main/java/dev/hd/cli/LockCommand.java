package dev.hd.cli;

import dev.hd.builder.Fs;
import dev.hd.resolver.HdException;
import dev.hd.resolver.LockFile;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd lock}: pins a floating stack in one command by writing the commit each floating
 * git source resolves to into {@code stack.lock}, in a deterministic layout (an unchanged
 * stack rewrites nothing).
 */
@Command(name = "lock",
        description = {"Pin a stack's floating git sources (branch:/tag:) in stack.lock.",
                "Writes the commit each resolves to into stack.lock, next to stack.yaml; while the lock exists,",
                "builds use its commits. Commit it with the stack. An unchanged stack leaves the file as it is."},
        footer = {"", "Examples:", "  hd lock                       # the commits the mirrors hold now",
                "  hd lock --fetch               # fetch upstream first: move the lock to the tips",
                "  hd lock --check               # exit 1 when stack.lock is missing or out of date",
                "", "See docs/upstream.md."})
final class LockCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    StackArgs stack;

    @Option(names = "--fetch", description = "Fetch every floating source's repository first (the lock moves to upstream's tips).")
    boolean fetch;

    @Option(names = "--check", description = "Write nothing; exit 1 when stack.lock is missing or would change.")
    boolean check;

    @Override
    public Integer call() throws HdException, IOException {
        PrintWriter out = main.ctx().out();
        try (StackTarget target = StackTarget.of(main, stack.target(), null)) {
            if (target.isRevision()) {
                throw new UsageException("hd lock writes stack.lock into a stack directory, not into revision '"
                        + target.rev() + "'");
            }
            Upstream.Refs refs = new Upstream.Refs(Upstream.mirrors(main), fetch).noting(main);
            // resolved without the old lock: the lock holds what the sources stand for now
            ResolvedStack rs = Resolver.resolve(LockFile.without(target.source()),
                    Platform.options(main).withOverrides(stack.overrides()).withGitRefs(refs));
            String text = LockFile.format(rs);
            Path file = target.dir().resolve(LockFile.FILE);
            String old = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            Map<String, String> before = old == null ? Map.of() : commits(target);
            Map<String, String> now = new TreeMap<>();
            for (LockFile.Entry e : LockFile.entriesOf(rs)) {
                now.put(LockFile.describe(e.url(), e.ref()), e.commit());
            }
            if (now.isEmpty()) {
                if (old == null) {
                    out.println("no floating git sources (branch: or tag:): nothing to lock");
                    return Main.OK;
                }
                if (check) {
                    out.println(LockFile.FILE + " is out of date: the stack has no floating git sources any more");
                    return Main.FAILURE;
                }
                Files.delete(file);
                out.println("removed " + file + ": the stack has no floating git sources any more");
                return Main.OK;
            }
            if (text.equals(old)) {
                out.println(file + ": up to date (" + now.size() + " floating source" + (now.size() == 1 ? "" : "s")
                        + " locked)");
                return Main.OK;
            }
            for (Map.Entry<String, String> e : now.entrySet()) {
                String was = before.get(e.getKey());
                out.println("  " + e.getKey() + " -> " + e.getValue().substring(0, 12)
                        + (was == null ? " (new)" : was.equals(e.getValue()) ? "" : " (was " + was.substring(0, 12) + ")"));
            }
            if (check) {
                out.println(file + (old == null ? " is missing" : " is out of date") + ": 'hd lock' writes it");
                return Main.FAILURE;
            }
            Fs.writeAtomically(file, file.resolveSibling(LockFile.FILE + ".tmp"), text.getBytes(StandardCharsets.UTF_8));
            out.println("wrote " + file + " (" + now.size() + " floating source" + (now.size() == 1 ? "" : "s")
                    + " locked); commit it with the stack");
            return Main.OK;
        }
    }

    /** The commits the existing lock names (a broken lock counts as empty: it is rewritten). */
    private static Map<String, String> commits(StackTarget target) {
        Map<String, String> m = new TreeMap<>();
        try {
            LockFile.read(target.source()).ifPresent(l -> l.entries()
                    .forEach(e -> m.put(LockFile.describe(e.url(), e.ref()), e.commit())));
        } catch (HdException e) {
            // rewritten whole below
        }
        return m;
    }
}
