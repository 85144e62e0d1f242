package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastPathTest {
    @TempDir
    Path tmp;

    @Test
    void takesOnlyThePlainShapesOfBuildAndCheckout() {
        for (List<String> args : List.of(List.<String>of(), List.of("resolve"), List.of("build", "-j", "2"),
                List.of("build", "--help"), List.of("build", "--", "x"), List.of("build", "@args"), List.of("build", ""),
                List.of("--store", "/s", "--store", "/t", "build"), List.of("-C", "a", "-C", "b", "build"),
                List.of("--store", "--quiet", "build"), List.of("--store"), List.of("-v", "build"), List.of("checkout"), List.of("checkout", "a", "b"),
                List.of("checkout", "--force", "main"), List.of("build", "-v"))) {
            assertEquals(OptionalInt.empty(), FastPath.run(ctx(new StringWriter(), new StringWriter()),
                    args.toArray(new String[0])), args.toString());
        }
    }

    @Test
    void saysAndExitsExactlyWhatPicocliWouldOnTheShapesItTakes() throws Exception {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad.resolve("pkgs"));
        Files.writeString(bad.resolve("stack.yaml"), "packages:\n  a:\n");
        Files.writeString(bad.resolve("pkgs/a.yaml"), "build_stage: []\n");
        for (List<String> args : List.of(List.of("build", "nosuchdir"), List.of("build", bad.toString()),
                List.of("build", bad.toString(), "-q", "x=1"), List.of("build", "a", "b"), List.of("build", "bad/name=1"),
                List.of("build", bad.toString(), "9x=1"), List.of("--store", tmp.resolve("s2").toString(), "build", "bad"),
                List.of("--store=" + tmp.resolve("s3"), "-C", bad.toString(), "build"), List.of("-C", "nowhere", "build"),
                List.of("checkout", "main"), List.of("checkout", "-q", "HEAD~1"))) {
            String[] a = args.toArray(new String[0]);
            StringWriter out1 = new StringWriter();
            StringWriter err1 = new StringWriter();
            CliContext fast = ctx(out1, err1);
            OptionalInt code = FastPath.run(fast, a);
            assertTrue(code.isPresent(), args.toString());
            fast.out().flush();
            fast.err().flush();
            StringWriter out2 = new StringWriter();
            StringWriter err2 = new StringWriter();
            CliContext full = ctx(out2, err2);
            int picocli = Main.commandLine(full, a).execute(a);
            full.out().flush();
            full.err().flush();
            assertEquals(picocli, code.getAsInt(), args + ": " + err1);
            assertEquals(out2.toString(), out1.toString(), args.toString());
            assertEquals(err2.toString(), err1.toString(), args.toString());
            assertTrue(code.getAsInt() != 0 && !err1.toString().isEmpty(), args + " fails with a message: " + err1);
        }
    }

    private CliContext ctx(StringWriter out, StringWriter err) {
        return new CliContext(tmp, Map.of("HOME", tmp.toString(), "HD_STORE", tmp.resolve("store").toString()),
                new PrintWriter(out), new PrintWriter(err), false);
    }
}
