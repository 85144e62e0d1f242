package dev.hd.cli;

import dev.hd.builder.DefaultSourceProvider;
import dev.hd.builder.GitExporter;
import dev.hd.builder.LocalSync;
import dev.hd.builder.Store;
import dev.hd.gitstore.UpstreamMirrors;
import dev.hd.gitstore.WorkingDirTree;
import dev.hd.resolver.FileStamp;
import dev.hd.resolver.GitRefResolver;
import dev.hd.resolver.HdException;
import dev.hd.resolver.LockFile;
import dev.hd.resolver.ResolveOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wiring of upstream git sources and develop mode for one command: the store's mirrors, a
 * {@link GitRefResolver} over them that remembers what it read (so a resolution can be
 * cached while the mirror's refs are unchanged), the develop state of the stack checkout
 * with a snapshot of each develop directory, and the source provider that uses them.
 *
 * <p>Nothing here touches JGit until a floating source or a develop directory needs it, so
 * stacks without either pay nothing.
 */
final class Upstream {
    private final Main main;
    private final Path stackDir;
    private final Refs refs;
    private final Map<Path, WorkingDirTree.Snapshot> snapshots = new ConcurrentHashMap<>();
    private DevelopState develop;

    /**
     * @param stackDir the stack checkout whose {@code .hd/develop.json} applies, or {@code null}
     *                 for none (a develop state is then never applied)
     */
    Upstream(Main main, Path stackDir) {
        this.main = main;
        this.stackDir = stackDir;
        this.refs = new Refs(() -> mirrors(main), false).noting(main);
    }

    /** The store's mirrors of upstream repositories. */
    static UpstreamMirrors mirrors(Main main) {
        Store store = new Store(main.storeRoot());
        return new UpstreamMirrors(store::gitMirror, store::gitMirrorLock);
    }

    /** The develop state of the stack checkout (empty when none). */
    DevelopState develop() throws HdException {
        if (develop == null) {
            develop = stackDir == null ? DevelopState.EMPTY : DevelopState.read(stackDir);
        }
        return develop;
    }

    /** For the resolution cache key: which packages are in develop mode, from where. */
    String developKey() throws HdException {
        StringBuilder sb = new StringBuilder();
        develop().packages().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /**
     * {@code opts} with this command's git ref resolver and the develop state applied (each
     * develop directory keyed by git's view of it, {@link WorkingDirTree}).
     */
    ResolveOptions apply(ResolveOptions opts) throws HdException {
        Map<String, ResolveOptions.Develop> dev = new TreeMap<>();
        for (Map.Entry<String, Path> e : develop().packages().entrySet()) {
            WorkingDirTree.Snapshot s = snapshot(e.getValue());
            dev.put(e.getKey(), new ResolveOptions.Develop(s.dir(), s.key()));
        }
        return opts.withGitRefs(refs).withDevelop(dev);
    }

    /** The snapshot of a develop directory, taken once per command. */
    WorkingDirTree.Snapshot snapshot(Path dir) throws HdException {
        WorkingDirTree.Snapshot s = snapshots.get(dir);
        if (s == null) {
            s = WorkingDirTree.scan(dir);
            snapshots.put(dir, s);
        }
        return s;
    }

    /** The stamps of every mirror ref the resolution read: the cache entry is good while they are. */
    List<FileStamp> stamps() {
        return refs.stamps();
    }

    /** Exports commits from the mirrors (fetching a commit the mirror lacks). */
    GitExporter gitExporter() {
        return (url, commit, target) -> refs.mirrors().export(url, commit, target);
    }

    /** {@code base} with the develop directories' files as git sees them (what was hashed is what is built). */
    DefaultSourceProvider sources(DefaultSourceProvider base) {
        return base.withLocalFiles(dir -> {
            WorkingDirTree.Snapshot s = snapshot(dir);
            List<LocalSync.LocalFile> out = new ArrayList<>(s.entries().size());
            for (WorkingDirTree.Entry e : s.entries()) {
                out.add(new LocalSync.LocalFile(e.path(), e.blobId(), e.executable(), e.symlink()));
            }
            return out;
        });
    }

    /**
     * Resolves floating refs from the mirrors. A ref is read from the mirror as it is (no
     * network: builds are offline and stay on one commit until {@code hd fetch}); a mirror
     * that does not exist yet, or lacks the ref, is fetched once. With {@code fetchFirst}
     * ({@code hd fetch}, {@code hd lock --fetch}) every repository is fetched once before its
     * first ref is read.
     */
    static final class Refs implements GitRefResolver {
        private final java.util.function.Supplier<UpstreamMirrors> make;
        private UpstreamMirrors made;
        private final boolean fetchFirst;
        private final Set<String> fetched = ConcurrentHashMap.newKeySet();
        private final Map<String, UpstreamMirrors.Fetched> fetches = new ConcurrentHashMap<>();
        private final List<FileStamp> stamps = Collections.synchronizedList(new ArrayList<>());
        private java.util.function.Consumer<String> note = s -> { };

        Refs(UpstreamMirrors mirrors, boolean fetchFirst) {
            this(() -> mirrors, fetchFirst);
        }

        /** The mirrors are made on first use: a stack without git sources never loads JGit. */
        Refs(java.util.function.Supplier<UpstreamMirrors> mirrors, boolean fetchFirst) {
            this.make = mirrors;
            this.fetchFirst = fetchFirst;
        }

        /** Says "fetching URL" on standard error before each fetch (unless -q): fetches can take a while. */
        Refs noting(Main main) {
            if (!main.quiet()) {
                note = s -> {
                    main.ctx().err().println(s);
                    main.ctx().err().flush();
                };
            }
            return this;
        }

        synchronized UpstreamMirrors mirrors() {
            if (made == null) {
                made = make.get();
            }
            return made;
        }

        @Override
        public String resolve(String url, String ref) throws HdException {
            if (fetchFirst) {
                fetchOnce(url);
            }
            if (!fetched.contains(url) && mirrors().localRef(url, ref).isEmpty()) {
                try {
                    fetchOnce(url);
                } catch (HdException e) {
                    throw new HdException("cannot resolve " + LockFile.describe(url, ref) + ": "
                            + (mirrors().exists(url) ? "the mirror " + mirrors().mirror(url) + " has no such ref"
                            : "it has no mirror yet") + ", and fetching failed: " + e.getMessage(),
                            "connect to the network and run 'hd fetch'; once fetched, builds need no network", e);
                }
            }
            // stamped before the read: a change after it shows up as a change, never as none
            stamps.addAll(mirrors().refStamps(url, ref));
            return mirrors().localRef(url, ref).orElseThrow(() -> new HdException("there is no "
                    + LockFile.describe(url, ref) + " (fetched into " + mirrors().mirror(url) + ")",
                    "check the branch:/tag: of the source; 'git ls-remote " + url + "' lists what upstream has"));
        }

        /** Fetches {@code url} unless this command did already; returns what the fetch did. */
        UpstreamMirrors.Fetched fetchOnce(String url) throws HdException {
            synchronized (this) {
                UpstreamMirrors.Fetched f = fetches.get(url);
                if (f == null) {
                    note.accept("fetching " + url + (mirrors().exists(url) ? "" : " (new mirror)"));
                    f = mirrors().fetch(url);
                    fetches.put(url, f);
                    fetched.add(url);
                }
                return f;
            }
        }

        List<FileStamp> stamps() {
            synchronized (stamps) {
                return List.copyOf(stamps);
            }
        }
    }

    /** A ref resolver over the store's mirrors (reading them as they are, fetching only what is missing). */
    static GitRefResolver refResolver(Main main) {
        return new Refs(() -> mirrors(main), false).noting(main);
    }
}
