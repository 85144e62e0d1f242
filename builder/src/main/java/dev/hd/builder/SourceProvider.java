package dev.hd.builder;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns any {@link Source} into files in a directory: archives via the source cache and the
 * unpacker, {@code path:} trees via the stack's {@code SpecSource}, git commits via a
 * {@link GitExporter}, local directories by syncing them into a persistent build directory.
 */
public interface SourceProvider {
    /**
     * Writes the source's files into {@code targetDir} (which exists and is empty; the builder
     * already applied {@link Source#target()}). For a {@link Source.Local} it is the package's
     * persistent develop build directory instead, holding what the last build left there.
     *
     * @throws HdException for failures the user can act on (download failed, bad checksum)
     */
    void materialize(ResolvedStack stack, ResolvedPackage pkg, Source source, Path targetDir, BuildListener l)
            throws HdException, IOException;
}
