package dev.hd.cli;

import dev.hd.builder.FileLocks;
import dev.hd.builder.Store;
import dev.hd.builder.source.Mirror;
import dev.hd.builder.source.SourceCache;
import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import dev.hd.resolver.Source;
import dev.hd.resolver.SourceKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import dev.hd.resolver.LockFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd fetch}: fills the source cache. With a stack, every archive the stack needs, so
 * a later build works offline; with URLs, downloads them and prints {@code sources:} entries
 * with their keys, ready to paste into a spec.
 */
@Command(name = "fetch", versionProvider = VersionProvider.class,
        description = {"Fetch the source archives and git repositories a stack needs into the store.",
                "A later build then works offline; a floating git source (branch:/tag:) moves to upstream's commit",
                "(--check only says whether it would). With URLs: download them and print ready-to-paste",
                "'sources:' entries with their sha256 keys."},
        footer = {"", "Examples:", "  hd fetch", "  hd fetch examples cflags=-O0",
                "  hd --mirror /srv/mirror fetch stack", "  hd fetch --check              # has upstream moved?", "  hd fetch https://zlib.net/zlib-1.3.tar.gz >> pkgs/zlib.yaml",
                "", "Mirrors are searched before each archive's own url; see docs/sources.md."})
final class FetchCommand implements Callable<Integer> {
    private static final Pattern URL = Pattern.compile("(?i)(https?|file):.*");

    @ParentCommand
    Main main;

    @Parameters(paramLabel = "[DIR | URL...] [k=v...]", arity = "0..*",
            description = {"A stack directory (default: the current one) with optional parameter overrides,",
                    "or one or more http(s)/file URLs to download."})
    List<String> args = new ArrayList<>();

    @Option(names = "--check", description = {"Fetch nothing: say for each floating git source (branch:/tag:) whether",
            "upstream has moved since the mirror (or the lock) was last updated."})
    boolean check;

    @Override
    @SuppressWarnings("try") // the lock is held, not used
    public Integer call() throws HdException, IOException {
        // shared, like a build: hd gc (exclusive) must not take a download from under us
        try (FileLocks.Held lock = FileLocks.shared(new Store(main.storeRoot()).storeLock())) {
            return fetch();
        }
    }

    private int fetch() throws HdException, IOException {
        List<String> urls = new ArrayList<>();
        StackArgs stack = new StackArgs();
        for (String a : args) {
            if (URL.matcher(a).matches()) {
                urls.add(a);
            } else {
                stack.args.add(a);
            }
        }
        if (!urls.isEmpty()) {
            if (!stack.args.isEmpty()) {
                throw new UsageException("give either a stack (and k=v overrides) or URLs, not both: '"
                        + stack.args.get(0) + "' and '" + urls.get(0) + "'");
            }
            if (check) {
                throw new UsageException("--check works on a stack, not on URLs");
            }
            return fetchUrls(urls);
        }
        return fetchStack(stack);
    }

    private int fetchUrls(List<String> urls) throws HdException, IOException {
        SourceCache cache = Sources.cache(main);
        FetchProgress progress = new FetchProgress(main);
        StringBuilder yaml = new StringBuilder("sources:\n");
        for (String url : urls) {
            SourceCache.Fetched f = cache.fetchUrl(url, progress);
            yaml.append("  - url: ").append(yamlScalar(url)).append('\n');
            yaml.append("    key: ").append(f.key()).append('\n');
            if (!main.quiet()) {
                main.ctx().err().println("fetched " + url + " (" + FetchProgress.size(f.size()) + ")");
            }
        }
        main.ctx().err().flush();
        main.ctx().out().print(yaml);
        return Main.OK;
    }

    private int fetchStack(StackArgs stack) throws HdException, IOException {
        String target = stack.target();
        Path dir = main.cwd().resolve(target == null ? "." : target).normalize();
        if (!Files.isDirectory(dir)) {
            throw new HdException("no stack directory " + dir,
                    "give the directory holding stack.yaml, or http(s)/file URLs to download");
        }
        // hd fetch fetches every upstream repository before reading a floating ref from it
        Upstream.Refs refs = new Upstream.Refs(Upstream.mirrors(main), !check).noting(main);
        DirectorySpecSource source = new DirectorySpecSource(dir);
        ResolvedStack rs = Resolver.resolve(source, Platform.options(main).withOverrides(stack.overrides()).withGitRefs(refs));
        GitFetch gitFetch = new GitFetch(main, refs);
        if (check) {
            int failed = gitFetch.check(rs, LockFile.read(source).isPresent());
            if (failed > 0) {
                throw new HdException("could not check " + failed + " floating source" + (failed == 1 ? "" : "s"),
                        "see the messages above");
            }
            return Main.OK;
        }
        int gitFailed = gitFetch.fetch(rs);

        // one line per distinct archive, labelled with the first package that needs it
        Map<SourceKey, Source.Archive> archives = new LinkedHashMap<>();
        Map<SourceKey, String> labels = new LinkedHashMap<>();
        int git = 0;
        for (ResolvedPackage p : rs.packages()) {
            for (Source s : p.sources()) {
                if (s instanceof Source.Archive a) {
                    if (archives.putIfAbsent(a.key(), a) == null) {
                        String file = Mirror.basename(a.url() == null ? "" : a.url());
                        labels.put(a.key(), p.label() + "  " + (file == null ? a.key().toString() : file));
                    }
                } else if (s instanceof Source.Git) {
                    git++;
                }
            }
        }
        SourceCache cache = Sources.cache(main);
        SourceCache.Report report = cache.fetchAll(List.copyOf(archives.values()), new FetchProgress(main));

        Map<SourceKey, SourceCache.Fetched> ok = new LinkedHashMap<>();
        report.fetched().forEach(f -> ok.put(f.key(), f));
        Map<SourceKey, SourceCache.Failure> bad = new LinkedHashMap<>();
        report.failed().forEach(f -> bad.put(f.archive().key(), f));
        PrintWriter out = main.ctx().out();
        PrintWriter err = main.ctx().err();
        int width = labels.values().stream().mapToInt(String::length).max().orElse(0);
        int fetched = 0;
        for (SourceKey key : archives.keySet()) {
            String label = String.format("%-" + width + "s", labels.get(key));
            SourceCache.Fetched f = ok.get(key);
            if (f != null) {
                if (!f.cached()) {
                    fetched++;
                }
                if (!main.quiet()) {
                    out.println(label + "  " + (f.cached() ? "cached"
                            : "fetched from " + f.from() + " (" + FetchProgress.size(f.size()) + ")"));
                }
            } else {
                SourceCache.Failure x = bad.get(key);
                err.println("hd: " + labels.get(key) + ": " + x.error().getMessage());
                if (x.error().hint() != null) {
                    err.println("hint: " + x.error().hint());
                }
            }
        }
        err.flush();
        if (!report.ok() || gitFailed > 0) {
            throw new HdException("could not fetch " + (report.failed().isEmpty() ? ""
                    : report.failed().size() + " of " + archives.size() + " archive" + (archives.size() == 1 ? "" : "s"))
                    + (!report.failed().isEmpty() && gitFailed > 0 ? " and " : "")
                    + (gitFailed == 0 ? "" : gitFailed + " git repositor" + (gitFailed == 1 ? "y" : "ies")),
                    "see the messages above");
        }
        if (!main.quiet()) {
            if (archives.isEmpty()) {
                out.println("no archives to fetch" + (git == 0 ? "" : " (" + git + " git source" + (git == 1 ? "" : "s")
                        + ", above)"));
            } else {
                int cached = archives.size() - fetched;
                out.println(archives.size() + " archive" + (archives.size() == 1 ? "" : "s") + ": " + fetched
                        + " fetched, " + cached + " cached; building needs no network for them");
            }
        }
        return Main.OK;
    }

    /** A URL as a YAML plain scalar when that is safe, else single-quoted. */
    static String yamlScalar(String s) {
        boolean plain = s.matches("[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9/._~%?&=+,;@!$()*:-]*")
                && !s.contains(": ") && !s.contains(" #");
        return plain ? s : "'" + s.replace("'", "''") + "'";
    }
}
