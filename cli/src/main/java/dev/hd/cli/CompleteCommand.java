package dev.hd.cli;

import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.Resolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd __complete packages}: what the shell completion scripts ask hd for (see
 * {@link Completion}). Hidden; prints one candidate per line and never fails loudly: a
 * completion that cannot be computed is an empty list.
 */
@Command(name = "__complete", hidden = true, description = "Completion candidates for the shell scripts (internal).",
        footer = {"", "Examples:", "  hd __complete packages"})
final class CompleteCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "WHAT", description = "packages: the packages of the stack in the current directory.")
    String what;

    @Override
    public Integer call() {
        if (!what.equals("packages")) {
            return Main.USAGE;
        }
        PrintWriter out = main.ctx().out();
        packages(main, main.cwd()).forEach(out::println);
        return Main.OK;
    }

    /**
     * The stack's packages as it resolves (host probes are not run: they only feed ids), or,
     * when it does not resolve, the names of its spec files.
     */
    static TreeSet<String> packages(Main main, Path dir) {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isRegularFile(dir.resolve("stack.yaml"))) {
            return names;
        }
        try {
            for (ResolvedPackage p : Resolver.resolve(new DirectorySpecSource(dir),
                    Platform.options(main).withProbes((name, command) -> "")).packages()) {
                names.add(p.name());
            }
            return names;
        } catch (HdException | RuntimeException e) {
            // a stack that does not resolve still has spec files
        }
        try (Stream<Path> s = Files.list(dir.resolve("pkgs"))) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    names.add(n);
                } else if (n.endsWith(".yaml")) {
                    names.add(n.substring(0, n.length() - ".yaml".length()));
                }
            });
        } catch (IOException e) {
            // no pkgs/: nothing to offer
        }
        return names;
    }
}
