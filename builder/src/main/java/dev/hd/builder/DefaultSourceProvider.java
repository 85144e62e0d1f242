package dev.hd.builder;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@link SourceProvider} hd uses: {@code path:} trees come from the stack's own
 * {@code SpecSource}, local directories ({@code hd develop}) are copied without their
 * {@code .git}, git commits go through a {@link GitExporter}, archives through an
 * {@link ArchiveUnpacker} (the source cache and the unpacker).
 */
public final class DefaultSourceProvider implements SourceProvider {

    /**
     * Puts an archive's content into a directory. Wired to the source cache:
     * {@code (a, dir, l) -> Unpacker.unpack(cache.ensure(a, fetchListener(l)), dir, a.strip())}.
     */
    @FunctionalInterface
    public interface ArchiveUnpacker {
        void unpack(Source.Archive archive, Path targetDir, BuildListener listener) throws HdException, IOException;
    }

    private final GitExporter git;
    private final ArchiveUnpacker archives;

    /** Either may be {@code null}: a source that needs it then fails with a clear message. */
    public DefaultSourceProvider(GitExporter git, ArchiveUnpacker archives) {
        this.git = git;
        this.archives = archives;
    }

    @Override
    public void materialize(ResolvedStack stack, ResolvedPackage pkg, Source source, Path targetDir, BuildListener l)
            throws HdException, IOException {
        if (source instanceof Source.Tree t) {
            stack.source().exportTree(t.path(), targetDir);
        } else if (source instanceof Source.Local loc) {
            if (!Files.isDirectory(loc.dir())) {
                throw new HdException("the local source of " + pkg.name() + " is gone: " + loc.dir()
                        + " is not a directory", "restore it, or leave develop mode for " + pkg.name());
            }
            Fs.copyTree(loc.dir(), targetDir, rel -> !rel.equals(".git") && !rel.startsWith(".git/"));
        } else if (source instanceof Source.Git g) {
            if (git == null) {
                throw new HdException("cannot fetch the git source " + g.url() + " of " + pkg.name()
                        + ": this hd was started without git support", null);
            }
            git.export(g.url(), g.commit(), targetDir);
        } else if (source instanceof Source.Archive a) {
            if (archives == null) {
                throw new HdException("cannot fetch the archive " + a.url() + " of " + pkg.name()
                        + ": this hd was started without a source cache", null);
            }
            archives.unpack(a, targetDir, l);
        } else {
            throw new IllegalArgumentException("unknown source kind " + source);
        }
    }
}
