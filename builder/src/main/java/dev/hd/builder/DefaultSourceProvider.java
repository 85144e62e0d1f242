package dev.hd.builder;

import dev.hd.builder.source.FetchListener;
import dev.hd.builder.source.SourceCache;
import dev.hd.builder.source.Unpacker;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@link SourceProvider} hd uses: {@code path:} trees come from the stack's own
 * {@code SpecSource}, local directories ({@code hd develop}) are synced into the package's
 * persistent build directory ({@link LocalSync}: only changed files are rewritten), git
 * commits go through a {@link GitExporter}, archives through an {@link ArchiveUnpacker}
 * (the source cache and the unpacker).
 */
public final class DefaultSourceProvider implements SourceProvider {

    /** Puts an archive's content into a directory (see {@link #withCache}). */
    @FunctionalInterface
    public interface ArchiveUnpacker {
        void unpack(Source.Archive archive, Path targetDir, BuildListener listener) throws HdException, IOException;
    }

    private final GitExporter git;
    private final ArchiveUnpacker archives;
    private final LocalSync.Lister local;

    /**
     * Archives through {@code cache} (fetched when missing, progress reported as
     * {@link BuildListener#download}) and the {@link Unpacker}. The cache is asked for only
     * when a build needs an archive, so a build without archives never sets one up.
     */
    public static DefaultSourceProvider withCache(GitExporter git, CacheSupplier cache) {
        return new DefaultSourceProvider(git, new ArchiveUnpacker() {
            private SourceCache made;

            @Override
            public void unpack(Source.Archive a, Path targetDir, BuildListener l) throws HdException, IOException {
                SourceCache c;
                synchronized (this) {
                    if (made == null) {
                        made = cache.get();
                    }
                    c = made;
                }
                Path file = c.ensure(a, new FetchListener() {
                    @Override
                    public void started(String url, long total) {
                        l.download(url, 0, total);
                    }

                    @Override
                    public void progress(String url, long bytes, long total) {
                        l.download(url, bytes, total);
                    }
                });
                Unpacker.unpack(file, targetDir, a.strip());
            }
        });
    }

    /** Makes the source cache (reading the store config, setting up mirrors) on first use. */
    @FunctionalInterface
    public interface CacheSupplier {
        SourceCache get() throws HdException, IOException;
    }

    /** Either may be {@code null}: a source that needs it then fails with a clear message. */
    public DefaultSourceProvider(GitExporter git, ArchiveUnpacker archives) {
        this(git, archives, LocalSync.ALL_FILES);
    }

    private DefaultSourceProvider(GitExporter git, ArchiveUnpacker archives, LocalSync.Lister local) {
        this.git = git;
        this.archives = archives;
        this.local = local;
    }

    /**
     * This provider, with {@code lister} deciding which files of a local directory count (git's
     * view of it: ignored files left out). Without one, every file but {@code .git} does.
     */
    public DefaultSourceProvider withLocalFiles(LocalSync.Lister lister) {
        return new DefaultSourceProvider(git, archives, lister);
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
            // in develop mode targetDir is the package's persistent build directory: bring it up to
            // date and remember what it holds; otherwise it is a fresh directory, copied into once
            LocalSync.sync(loc.dir(), local.list(loc.dir()), targetDir, Builder.developSource(pkg) == loc);
        } else if (source instanceof Source.Git g) {
            if (git == null) {
                throw new HdException("cannot fetch the git source " + g.url() + " of " + pkg.name()
                        + ": this hd was started without git support",
                        "build it with the hd command (it has git support), or pin an archive source instead");
            }
            git.export(g.url(), g.commit(), targetDir);
        } else if (source instanceof Source.Archive a) {
            if (archives == null) {
                throw new HdException("cannot fetch the archive " + a.url() + " of " + pkg.name()
                        + ": this hd was started without a source cache",
                        "build it with the hd command, which fetches archives into the store");
            }
            archives.unpack(a, targetDir, l);
        } else {
            throw new IllegalArgumentException("unknown source kind " + source);
        }
    }
}
