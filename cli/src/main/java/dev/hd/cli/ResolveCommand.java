package dev.hd.cli;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hd resolve}: shows what a stack resolves to, without building anything. */
@Command(name = "resolve",
        description = "Resolve a stack: one line per package in dependency order (name, version, short id, build deps).",
        footer = {"", "Examples:", "  hd resolve", "  hd resolve examples cflags=-O0", "  hd resolve main~3", "  hd resolve --json | jq '.packages[0]'"})
final class ResolveCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    StackArgs stack;

    @Option(names = "--rev", paramLabel = "REV", description = "Resolve this revision of the stack repository (when REV is also a directory's name).")
    String rev;

    @Option(names = "--json", description = "Print the full build specs as JSON.")
    boolean json;

    @Override
    public Integer call() throws HdException {
        ResolvedStack rs;
        java.util.List<UpstreamStatus.Item> upstreamItems;
        try (StackTarget target = StackTarget.of(main, stack.target(), rev)) {
            Upstream upstream = new Upstream(main, target.dir());
            rs = Resolver.resolve(target.source(), upstream.apply(Platform.options(main).withOverrides(stack.overrides())));
            upstreamItems = UpstreamStatus.of(main, upstream, rs);
        }
        PrintWriter out = main.ctx().out();
        if (json) {
            out.println(Json.resolved(rs));
            return Main.OK;
        }
        int w = 4;
        for (ResolvedPackage p : rs.packages()) {
            w = Math.max(w, p.name().length());
        }
        StringBuilder line = new StringBuilder(128);
        for (ResolvedPackage p : rs.packages()) {
            line.setLength(0);
            pad(line, p.name(), w);
            pad(line.append("  "), p.version().isEmpty() ? "-" : p.version(), 10);
            line.append("  ").append(p.id().shortForm());
            if (!p.buildDeps().isEmpty()) {
                line.append("  <- ").append(String.join(" ", p.buildDeps()));
            }
            out.println(line);
            for (UpstreamStatus.Item i : upstreamItems) {
                if (i.pkg().equals(p.name())) {
                    out.println("  " + i.text()); // the commit a floating source stands for; develop mode
                }
            }
        }
        return Main.OK;
    }

    private static void pad(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
    }
}
