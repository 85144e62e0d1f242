package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Why one package could not be built.
 *
 * @param pkg      the package
 * @param stage    the stage that failed ("sources" and "publish" are hd's own)
 * @param command  the command that failed, as bash saw it, or what went wrong in hd's stages
 * @param exitCode the command's exit status (-1 when no command ran)
 * @param logTail  the last lines of the build log
 * @param log      the full log, kept in the store's logs/ directory
 */
public record BuildFailure(ResolvedPackage pkg, String stage, String command, int exitCode,
                           List<String> logTail, Path log) {
    /** How many log lines a failure keeps. */
    public static final int TAIL_LINES = 30;

    public BuildFailure {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(command, "command");
        logTail = List.copyOf(logTail);
        Objects.requireNonNull(log, "log");
    }
}
