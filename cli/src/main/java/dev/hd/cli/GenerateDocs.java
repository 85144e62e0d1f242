package dev.hd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Run by the build (exec-maven-plugin, before packaging): writes the man pages to
 * {@code target/man/} and the shell completion to {@code target/completion/}, from the same
 * picocli model the {@code hd} command runs, so both follow every command added. install.sh
 * copies them.
 *
 * <p>Usage: {@code GenerateDocs TARGET_DIR VERSION}.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    /** The command model, with nowhere to print: nothing runs. */
    static CommandLine model() {
        PrintWriter nowhere = new PrintWriter(new StringWriter());
        return Main.commandLine(new CliContext(Path.of("/"), Map.of(), nowhere, nowhere, false));
    }

    static void write(Path target, String version) throws IOException {
        CommandLine root = model();
        Path man = target.resolve("man");
        Files.createDirectories(man);
        for (Map.Entry<String, String> page : new ManPages(root, version).pages().entrySet()) {
            Files.writeString(man.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
        }
        Path completion = target.resolve("completion");
        Files.createDirectories(completion);
        Completion c = new Completion(root);
        Files.writeString(completion.resolve("hd.bash"), c.bash(), StandardCharsets.UTF_8);
        Files.writeString(completion.resolve("_hd"), c.zsh(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateDocs TARGET_DIR VERSION");
        }
        try {
            write(Path.of(args[0]), args[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
