package dev.hd.bench;

import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolveOptions;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Resolution inside the JVM, without hd's start-up: {@code ResolveBench DIR [RUNS]} resolves
 * the stack in {@code DIR} once in a fresh JVM ("first": class loading and an unwarmed JIT
 * included, what one {@code hd resolve} pays) and then {@code RUNS} more times (default 5,
 * "warm"), each from a new {@link DirectorySpecSource} so nothing is cached between runs.
 * Prints one line: {@code packages=N first_ms=F warm_median_ms=M warm_min_ms=A warm_max_ms=B}.
 */
public final class ResolveBench {
    private ResolveBench() {
    }

    public static void main(String[] args) throws HdException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ResolveBench STACK_DIR [RUNS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ResolveOptions opts = ResolveOptions.defaults();
        long t0 = System.nanoTime();
        ResolvedStack first = Resolver.resolve(new DirectorySpecSource(dir), opts);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        double[] warm = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            ResolvedStack rs = Resolver.resolve(new DirectorySpecSource(dir), opts);
            warm[i] = (System.nanoTime() - t) / 1e6;
            if (!rs.packages().get(0).id().equals(first.packages().get(0).id())) {
                throw new IllegalStateException("resolution is not deterministic");
            }
        }
        Arrays.sort(warm);
        String line = String.format(Locale.ROOT, "packages=%d first_ms=%.1f", first.packages().size(), firstMs);
        if (runs > 0) {
            line += String.format(Locale.ROOT, " warm_median_ms=%.1f warm_min_ms=%.1f warm_max_ms=%.1f",
                    warm[runs / 2], warm[0], warm[runs - 1]);
        }
        System.out.println(line);
    }
}
