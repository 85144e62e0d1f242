package dev.hd.cli;

import dev.hd.gitstore.RepoInit;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd init [DIR]}: a new stack, ready for {@code hd build}: a git repository (unless
 * DIR is in one already), {@code stack.yaml}, one example package that needs nothing but a
 * shell, and a {@code .gitignore} for hd's {@code .hd/}. Never overwrites a file.
 */
@Command(name = "init",
        description = {"Create a new stack, ready for 'hd build'.",
                "In DIR (default: the current directory): a git repository (unless DIR is inside one), stack.yaml, one"
                        + " example package (pkgs/hello.yaml, a shell script) and a .gitignore for hd's .hd/ directory."
                        + " Nothing is overwritten: a directory holding any of these files is refused."},
        footer = {"", "Examples:", "  hd init mystack && cd mystack && hd build && .hd/profile/bin/hello",
                "  hd init                     # in the current directory",
                "", "The stack format: docs/spec-format.md; the tour: docs/tour.md."})
final class InitCommand implements Callable<Integer> {
    static final String BRANCH = "main";

    static final String STACK_YAML = """
            # The stack: which packages go into its profile, and with which parameters.
            # 'hd build' builds what is missing; 'hd build greeting=Hi' overrides a parameter.
            # The format is described in hd's docs/spec-format.md.
            parameters:
              greeting: Hello
            packages:
              hello:
            """;

    static final String HELLO_YAML = """
            # A package: its version, sources and build stages (bash, run with 'set -e' in a clean
            # environment; $ARTIFACT is where it installs). {{greeting}} is a parameter of stack.yaml.
            version: '1.0'
            build_stages:
              - name: install
                bash: |
                  mkdir -p "$ARTIFACT/bin"
                  cat > "$ARTIFACT/bin/hello" <<'EOF'
                  #!/bin/sh
                  echo "{{greeting}}, ${1:-world}!"
                  EOF
                  chmod +x "$ARTIFACT/bin/hello"
            """;

    static final String GITIGNORE = """
            # hd's own files: the profile link (.hd/profile) and its state
            .hd/
            """;

    @ParentCommand
    Main main;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Where to create the stack (created if missing).")
    Path dir;

    @Override
    public Integer call() throws HdException {
        Path d = main.cwd().resolve(dir == null ? Path.of(".") : dir).toAbsolutePath().normalize();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("stack.yaml", STACK_YAML);
        files.put("pkgs/hello.yaml", HELLO_YAML);
        files.put(".gitignore", GITIGNORE);
        if (Files.exists(d.resolve("stack.yaml"))) {
            throw new HdException(d + " already holds a stack (it has a stack.yaml)",
                    "build it with 'hd build" + (dir == null ? "" : " " + dir) + "', or give hd init another directory");
        }
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new HdException(d + " exists and is not a directory", "give hd init a new or existing directory");
        }
        List<String> there = new ArrayList<>();
        for (String f : files.keySet()) {
            if (Files.exists(d.resolve(f))) {
                there.add(f);
            }
        }
        if (!there.isEmpty()) {
            throw new HdException("not creating a stack in " + d + ": it has " + String.join(", ", there)
                    + " already, which hd init would overwrite", "move them away, or give hd init another directory");
        }
        try {
            Files.createDirectories(d.resolve("pkgs"));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(d.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new HdException("cannot write the new stack in " + d + ": " + e.getMessage(),
                    "check that " + d.getParent() + " is writable");
        }
        Optional<Path> repo = RepoInit.init(d, BRANCH);
        if (main.quiet()) {
            return Main.OK;
        }
        PrintWriter out = main.ctx().out();
        out.println("Created a stack in " + d + (repo.isPresent() ? " (a new git repository, branch " + BRANCH + ")"
                : " (inside the git repository " + StackTarget.topLevel(d) + ")"));
        out.println("  stack.yaml       the packages of the stack and their parameters");
        out.println("  pkgs/hello.yaml  an example package (a shell script; replace it with yours)");
        out.println("  .gitignore       keeps .hd/ (hd's profile link) out of git");
        out.println("Next:");
        Path rel = main.cwd().toAbsolutePath().normalize().relativize(d);
        if (!rel.toString().isEmpty()) {
            out.println("  cd " + rel);
        }
        out.println("  hd build                      # builds hello; .hd/profile points at the result");
        out.println("  .hd/profile/bin/hello");
        out.println("  git add -A && git commit -m 'A new stack'");
        return Main.OK;
    }
}
