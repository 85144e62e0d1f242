package dev.hd.cli;

import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the stack directory a command was given (revisions come with gitstore). */
final class StackDirs {
    private StackDirs() {
    }

    static Path directory(Main main, String target) throws HdException {
        Path dir = main.cwd().resolve(target == null ? "." : target).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new HdException("no stack directory " + dir, "give the directory holding stack.yaml");
        }
        if (!Files.isRegularFile(dir.resolve("stack.yaml"))) {
            throw new HdException("no stack.yaml in " + dir, "give the directory holding stack.yaml (e.g. hd build examples)");
        }
        return dir;
    }
}
