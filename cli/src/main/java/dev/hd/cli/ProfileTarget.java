package dev.hd.cli;

import dev.hd.builder.Venv;
import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The profile that {@code hd env}, {@code hd shell} and {@code hd run} put to use: the
 * profile link of a stack directory ({@code DIR/.hd/profile}), a venv directory itself
 * ({@code hd venv}), or the link given with {@code --link}.
 */
final class ProfileTarget {
    private ProfileTarget() {
    }

    /**
     * @param dir  the stack or venv directory as given, or {@code null} for the current one
     * @param link the {@code --link} option, or {@code null}
     * @return the directory to put on PATH: the link itself (so a later build needs no new shell)
     */
    static Path of(Main main, Path dir, Path link) throws HdException {
        Path d = main.cwd().resolve(dir == null ? Path.of(".") : dir).toAbsolutePath().normalize();
        Path p;
        if (link != null) {
            p = main.cwd().resolve(link).toAbsolutePath().normalize();
        } else if (Venv.isVenv(d)) {
            p = d;
        } else {
            p = d.resolve(".hd/profile");
        }
        if (!Files.isDirectory(p)) {
            String again = dir == null ? "" : " " + dir;
            throw new HdException("no profile at " + p, Files.isRegularFile(d.resolve("stack.yaml"))
                    ? "build the stack first: hd build" + again
                    : "give a stack directory that was built (hd build DIR), a venv (hd venv DIR), or --link");
        }
        return p;
    }
}
