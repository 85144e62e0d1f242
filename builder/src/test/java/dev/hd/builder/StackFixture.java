package dev.hd.builder;

import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.EnvAction;
import dev.hd.resolver.GitTreeHasher;
import dev.hd.resolver.LinkRule;
import dev.hd.resolver.MapSpecSource;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Source;
import dev.hd.resolver.SourceKey;
import dev.hd.resolver.SpecLocation;
import dev.hd.resolver.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds {@link ResolvedStack}s for tests without YAML: packages, their stages, dependencies
 * and sources, with ids computed the way the resolver does (hash of a canonical build spec),
 * so that changing anything that matters changes the id. {@code path:} sources live in an
 * in-memory {@link MapSpecSource}.
 */
public final class StackFixture {
    private final MapSpecSource files = new MapSpecSource("fixture");
    private final LinkedHashMap<String, Pkg> pkgs = new LinkedHashMap<>();
    private final List<LinkRule> stackLinks = new ArrayList<>();
    private List<String> listed;

    /** A package being described. */
    public final class Pkg {
        final String name;
        String version = "1.0";
        final List<Stage> stages = new ArrayList<>();
        final List<String> buildDeps = new ArrayList<>();
        final List<String> runDeps = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        final List<EnvAction> actions = new ArrayList<>();
        final List<LinkRule> links = new ArrayList<>(LinkRule.DEFAULTS);
        final List<Source> sources = new ArrayList<>();
        boolean host;

        Pkg(String name) {
            this.name = name;
        }

        public Pkg version(String v) {
            version = v;
            return this;
        }

        public Pkg stage(String stageName, String bash) {
            stages.add(new Stage(stageName, bash));
            return this;
        }

        /** Build and run dependency at once (what libraries usually are). */
        public Pkg deps(String... names) {
            buildDeps.addAll(Arrays.asList(names));
            runDeps.addAll(Arrays.asList(names));
            return this;
        }

        public Pkg buildDeps(String... names) {
            buildDeps.addAll(Arrays.asList(names));
            return this;
        }

        public Pkg runDeps(String... names) {
            runDeps.addAll(Arrays.asList(names));
            return this;
        }

        public Pkg env(String k, String v) {
            env.put(k, v);
            return this;
        }

        public Pkg whenBuildDependency(EnvAction.Op op, String var, String value) {
            actions.add(new EnvAction(op, var, value));
            return this;
        }

        /** Replaces the default link rules. */
        public Pkg links(LinkRule... rules) {
            links.clear();
            links.addAll(Arrays.asList(rules));
            return this;
        }

        public Pkg host() {
            host = true;
            return this;
        }

        /** A {@code path:} source: the fixture's files below {@code dir}, unpacked at {@code target}. */
        public Pkg tree(String dir, String target) {
            try {
                SourceKey key = files.treeKey(dir).orElseThrow(() -> new IllegalStateException("no files below " + dir));
                sources.add(new Source.Tree(key, dir, target));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** An archive source with this sha256 (never fetched: for tests of what refers to archives). */
        public Pkg archive(String sha256Hex) {
            sources.add(new Source.Archive(SourceKey.sha256(sha256Hex), "https://example.org/" + sha256Hex + ".tar.gz", ".", true));
            return this;
        }

        /** A local working directory as the source ({@code hd develop}). */
        public Pkg local(Path dir, String target) {
            try {
                String tree = GitTreeHasher.hashDirectory(dir, rel -> !rel.equals(".git") && !rel.startsWith(".git/"))
                        .orElseThrow(() -> new IllegalStateException("empty directory " + dir));
                sources.add(new Source.Local(SourceKey.tree(tree), dir, target));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public StackFixture done() {
            return StackFixture.this;
        }
    }

    /** Adds (or returns) a package. Dependencies must be added before their dependents. */
    public Pkg pkg(String name) {
        return pkgs.computeIfAbsent(name, Pkg::new);
    }

    public StackFixture file(String path, String content) {
        files.put(path, content);
        return this;
    }

    public StackFixture stackLink(LinkRule rule) {
        stackLinks.add(rule);
        return this;
    }

    /** The packages the stack lists (default: all); the profile holds them and their run closure. */
    public StackFixture listed(String... names) {
        listed = List.of(names);
        return this;
    }

    public ResolvedStack stack() {
        Map<String, Integer> order = new HashMap<>();
        for (String n : pkgs.keySet()) {
            order.put(n, order.size());
        }
        Map<String, Set<String>> runClosure = new HashMap<>();
        Map<String, ArtifactId> ids = new HashMap<>();
        List<ResolvedPackage> out = new ArrayList<>();
        for (Pkg p : pkgs.values()) {
            Set<String> rc = new TreeSet<>((a, b) -> order.get(a) - order.get(b));
            for (String r : p.runDeps) {
                requireEarlier(p, r, order);
                rc.add(r);
                rc.addAll(runClosure.get(r));
            }
            runClosure.put(p.name, rc);
            Set<String> env = new TreeSet<>((a, b) -> order.get(a) - order.get(b));
            for (String b : p.buildDeps) {
                requireEarlier(p, b, order);
                env.add(b);
                env.addAll(runClosure.get(b));
            }
            Map<String, Object> spec = new TreeMap<>();
            spec.put("format", 0);
            spec.put("fixture", true);
            spec.put("name", p.name);
            spec.put("version", p.version);
            Map<String, String> depIds = new TreeMap<>();
            env.forEach(e -> depIds.put(e, ids.get(e).value()));
            spec.put("dependencies", depIds);
            List<Object> stages = new ArrayList<>();
            p.stages.forEach(s -> stages.add(Map.of("name", s.name(), "bash", s.bash())));
            spec.put("stages", stages);
            List<Object> srcs = new ArrayList<>();
            p.sources.forEach(s -> srcs.add(Map.of("key", s.key().toString(), "target", s.target())));
            spec.put("sources", srcs);
            spec.put("env", new TreeMap<>(p.env));
            List<Object> wbd = new ArrayList<>();
            p.actions.forEach(a -> wbd.add(List.of(a.op().yamlName(), a.variable(), a.value())));
            spec.put("when_build_dependency", wbd);
            spec.put("host", p.host);
            String json;
            try {
                json = CanonicalJson.mapper().writeValueAsString(spec);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            ArtifactId id = ArtifactId.ofCanonicalJson(json);
            ids.put(p.name, id);
            out.add(new ResolvedPackage(p.name, p.name, p.version, id, json, SpecLocation.ofFile("pkgs/" + p.name + ".yaml"),
                    p.sources, sorted(p.buildDeps), sorted(p.runDeps), new ArrayList<>(env), p.stages, p.env,
                    p.actions, p.links, p.host, Map.of()));
        }
        Set<String> profile = new TreeSet<>();
        for (String n : listed == null ? pkgs.keySet() : listed) {
            profile.add(n);
            profile.addAll(runClosure.get(n));
        }
        return new ResolvedStack(files, Map.of(), out, new ArrayList<>(profile), stackLinks);
    }

    private static void requireEarlier(Pkg p, String dep, Map<String, Integer> order) {
        Integer o = order.get(dep);
        if (o == null || o >= order.get(p.name)) {
            throw new IllegalStateException(p.name + " depends on " + dep + ": add " + dep + " first");
        }
    }

    private static List<String> sorted(List<String> l) {
        return new ArrayList<>(new TreeSet<>(l));
    }

    /** Names of a list of packages, for assertions. */
    public static List<String> names(List<ResolvedPackage> pkgs) {
        List<String> out = new ArrayList<>();
        pkgs.forEach(p -> out.add(p.name()));
        return out;
    }

    /** Names as a set, for assertions that ignore order. */
    public static Set<String> nameSet(List<ResolvedPackage> pkgs) {
        return new HashSet<>(names(pkgs));
    }
}
