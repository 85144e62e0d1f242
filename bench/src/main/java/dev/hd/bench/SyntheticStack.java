package dev.hd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic stack for the benchmark suite: {@code n} packages {@code p00000 ...} forming a
 * random DAG (each package depends on up to {@link #MAX_DEPS} packages of lower number, drawn
 * with a fixed seed), each built by one trivial command that writes one file into
 * {@code $ARTIFACT}. The same DAG can be written as an hd stack directory and as a Nix
 * expression, so both tools build exactly the same graph.
 *
 * <p>Revision 2 of the stack changes the build command of about {@link #CHANGED_FRACTION} of
 * the packages (and thereby the ids of those and of everything above them); the benchmark's
 * git repository holds revision 1 and revision 2 as two commits.
 */
public final class SyntheticStack {
    /** The seed every benchmark uses, so every run measures the same graph. */
    public static final long DEFAULT_SEED = 20_240_601L;
    /** At most this many dependencies per package. */
    public static final int MAX_DEPS = 4;
    /** The share of packages whose spec revision 2 changes. */
    public static final double CHANGED_FRACTION = 0.05;

    private final int size;
    private final long seed;
    private final int[][] deps;
    private final BitSet changed;
    private final int width;

    private SyntheticStack(int size, long seed, int[][] deps, BitSet changed) {
        this.size = size;
        this.seed = seed;
        this.deps = deps;
        this.changed = changed;
        this.width = Math.max(5, String.valueOf(size - 1).length());
    }

    /** Draws the graph: package {@code i} depends on 0..4 distinct packages below {@code i}. */
    public static SyntheticStack generate(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a stack needs at least one package, got " + size);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] deps = new int[size][];
        for (int i = 0; i < size; i++) {
            int k = Math.min(i, rnd.nextInt(MAX_DEPS + 1));
            int[] d = new int[k];
            int n = 0;
            while (n < k) {
                int j = rnd.nextInt(i);
                boolean seen = false;
                for (int m = 0; m < n; m++) {
                    seen |= d[m] == j;
                }
                if (!seen) {
                    d[n++] = j;
                }
            }
            Arrays.sort(d);
            deps[i] = d;
        }
        // revision 2: a fixed random ~5% of the packages, at least one
        int want = Math.max(1, (int) Math.round(size * CHANGED_FRACTION));
        BitSet changed = new BitSet(size);
        while (changed.cardinality() < want) {
            changed.set(rnd.nextInt(size));
        }
        return new SyntheticStack(size, seed, deps, changed);
    }

    public int size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    /** The name of package {@code i}: {@code p} and its number, zero-padded to at least 5 digits. */
    public String name(int i) {
        String s = String.valueOf(i);
        return "p" + "0".repeat(width - s.length()) + s;
    }

    /** The packages {@code i} depends on (sorted, all below {@code i}). */
    public List<Integer> deps(int i) {
        List<Integer> l = new ArrayList<>(deps[i].length);
        for (int d : deps[i]) {
            l.add(d);
        }
        return Collections.unmodifiableList(l);
    }

    /** Whether revision 2 changes the spec of package {@code i}. */
    public boolean changedInRevision2(int i) {
        return changed.get(i);
    }

    /** How many packages revision 2 changes. */
    public int changedCount() {
        return changed.cardinality();
    }

    /** How many packages revision 2 gives a new id: the changed ones and everything that depends on them. */
    public int affectedCount() {
        BitSet affected = new BitSet(size);
        for (int i = 0; i < size; i++) { // dependencies have lower numbers: one pass in order suffices
            boolean a = changed.get(i);
            for (int d : deps[i]) {
                a |= affected.get(d);
            }
            affected.set(i, a);
        }
        return affected.cardinality();
    }

    /** The build command of package {@code i} at {@code revision} (1 or 2): one file into $ARTIFACT, no process. */
    public String command(int i, int revision) {
        String tag = revision == 2 && changed.get(i) ? " r2" : "";
        return "echo " + name(i) + tag + " > \"$ARTIFACT/" + name(i) + ".txt\"";
    }

    /** The hd stack as files: {@code stack.yaml} listing every package, one {@code pkgs/NAME.yaml} each. */
    public Map<String, String> hdFiles(int revision) {
        checkRevision(revision);
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder stack = new StringBuilder(16 * size + 200);
        stack.append("# Synthetic benchmark stack (bench/SyntheticStack): ").append(size).append(" packages, seed ")
                .append(seed).append(", revision ").append(revision).append(".\npackages:\n");
        for (int i = 0; i < size; i++) {
            stack.append("  ").append(name(i)).append(":\n");
        }
        files.put("stack.yaml", stack.toString());
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < size; i++) {
            sb.setLength(0);
            sb.append("version: '1.0'\n");
            if (deps[i].length > 0) {
                String list = names(deps[i]);
                sb.append("dependencies: {build: [").append(list).append("], run: [").append(list).append("]}\n");
            }
            sb.append("build_stages:\n  - name: install\n    bash: ").append(command(i, revision)).append('\n');
            files.put("pkgs/" + name(i) + ".yaml", sb.toString());
        }
        return files;
    }

    /** Writes {@link #hdFiles} under {@code dir} (files of the other revision are overwritten). */
    public void writeHd(Path dir, int revision) throws IOException {
        Files.createDirectories(dir.resolve("pkgs"));
        for (Map.Entry<String, String> f : hdFiles(revision).entrySet()) {
            Path p = dir.resolve(f.getKey());
            byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
            // leave unchanged files alone, so git and hd's stamps see only what revision 2 changes
            if (!Files.isRegularFile(p) || !Arrays.equals(Files.readAllBytes(p), bytes)) {
                Files.write(p, bytes);
            }
        }
    }

    /**
     * The same stack as a Nix expression: a list of {@code derivation}s, built by bash with the
     * same command ({@code $out} a file, as {@code $ARTIFACT/NAME.txt} is for hd), each taking
     * its dependencies as inputs. No nixpkgs needed.
     */
    public String nixExpression(int revision) {
        checkRevision(revision);
        StringBuilder sb = new StringBuilder(96 * size + 400);
        sb.append("# Synthetic benchmark stack (bench/SyntheticStack): ").append(size).append(" packages, seed ")
                .append(seed).append(", revision ").append(revision).append(".\n");
        sb.append("let\n  mk = name: cmd: deps: derivation {\n    inherit name deps;\n")
                .append("    system = builtins.currentSystem;\n    builder = \"/bin/bash\";\n")
                .append("    args = [ \"-c\" cmd ];\n  };\n");
        for (int i = 0; i < size; i++) {
            String tag = revision == 2 && changed.get(i) ? " r2" : "";
            sb.append("  ").append(name(i)).append(" = mk \"").append(name(i)).append("\" \"echo ").append(name(i))
                    .append(tag).append(" > $out\" [");
            for (int d : deps[i]) {
                sb.append(' ').append(name(d));
            }
            sb.append(" ];\n");
        }
        sb.append("in [\n");
        for (int i = 0; i < size; i++) {
            sb.append("  ").append(name(i)).append('\n');
        }
        return sb.append("]\n").toString();
    }

    private String names(int[] idx) {
        StringBuilder sb = new StringBuilder();
        for (int d : idx) {
            sb.append(sb.length() == 0 ? "" : ", ").append(name(d));
        }
        return sb.toString();
    }

    private static void checkRevision(int revision) {
        if (revision != 1 && revision != 2) {
            throw new IllegalArgumentException("revision is 1 or 2, got " + revision);
        }
    }

    /**
     * {@code SyntheticStack --packages N [--seed S] [--revision 1|2] [--hd DIR] [--nix FILE]}:
     * writes the stack; prints one line {@code packages=N edges=E changed=C affected=A}.
     */
    public static void main(String[] args) throws IOException {
        int n = -1;
        long seed = DEFAULT_SEED;
        int revision = 1;
        Path hd = null;
        Path nix = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--packages" -> n = Integer.parseInt(need(a, v));
                case "--seed" -> seed = Long.parseLong(need(a, v));
                case "--revision" -> revision = Integer.parseInt(need(a, v));
                case "--hd" -> hd = Path.of(need(a, v));
                case "--nix" -> nix = Path.of(need(a, v));
                default -> usage("unknown argument " + a);
            }
            i++;
        }
        if (n < 1 || hd == null && nix == null) {
            usage("give --packages N and --hd DIR and/or --nix FILE");
        }
        SyntheticStack s = generate(n, seed);
        try {
            if (hd != null) {
                s.writeHd(hd, revision);
            }
            if (nix != null) {
                Files.writeString(nix, s.nixExpression(revision));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int edges = 0;
        for (int[] d : s.deps) {
            edges += d.length;
        }
        System.out.println("packages=" + n + " edges=" + edges + " changed=" + s.changedCount() + " affected="
                + s.affectedCount());
    }

    private static String need(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("SyntheticStack: " + problem);
        System.err.println("usage: SyntheticStack --packages N [--seed S] [--revision 1|2] [--hd DIR] [--nix FILE]");
        System.exit(2);
    }
}
