package dev.hd.resolver;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One resolution of one stack: loads the profile, discovers packages (in parallel waves),
 * checks the DAG, orders it, and hashes each package's build spec in dependency order.
 */
final class StackResolver {
    /** Bumped whenever the build spec changes shape, so old and new ids never collide. */
    static final int FORMAT_VERSION = 1;
    static final String PKGS = "pkgs";
    static final String BASE = "base";
    private static final int MAX_PROBE_TEXT = 4096;

    private final SpecSource src;
    private final ResolveOptions opts;
    private final Profile profile;
    private final Map<String, String> cliGlobal = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> cliPackage = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, Object> parsed = new ConcurrentHashMap<>();
    private volatile Set<String> pkgIndex;
    /** The stack's lock file, if it has one; floating git sources then resolve through it. */
    private final LockFile lock;
    private final Set<String> lockUsed = ConcurrentHashMap.newKeySet();
    /** Every git source of the stack by url: where one is declared and what it follows (for messages). */
    private final ConcurrentHashMap<String, String> gitDecls = new ConcurrentHashMap<>();

    /** A package after loading, before ids. */
    private record Loaded(String name, String specName, SpecLocation origin, PackageSpec spec, List<Source> sources,
            Map<String, String> params, String probeOutput) {
    }

    StackResolver(SpecSource src, ResolveOptions opts) throws HdException {
        this.src = src;
        this.opts = opts;
        this.profile = Profile.load(src);
        this.lock = LockFile.read(src).orElse(null);
        for (Map.Entry<String, String> o : opts.overrides().entrySet()) {
            String k = o.getKey();
            String param = k.substring(k.lastIndexOf('.') + 1);
            if (Profile.RESERVED.contains(param)) {
                throw new HdException("'" + param + "' is a built-in parameter and cannot be set on the command line",
                        "built-ins are " + String.join(", ", Profile.RESERVED));
            }
            // Package names may contain '.', parameter names may not: split at the last one.
            int dot = k.lastIndexOf('.');
            if (dot < 0) {
                cliGlobal.put(k, o.getValue());
            } else {
                cliPackage.computeIfAbsent(k.substring(0, dot), x -> new LinkedHashMap<>())
                        .put(k.substring(dot + 1), o.getValue());
            }
        }
    }

    ResolvedStack resolve() throws HdException {
        Map<String, Loaded> loaded = new TreeMap<>();
        Map<String, SpecLocation> wave = new LinkedHashMap<>();
        for (Profile.Entry e : profile.packages.values()) {
            wave.put(e.name(), e.loc());
        }
        while (!wave.isEmpty()) {
            List<Map.Entry<String, SpecLocation>> items = new ArrayList<>(wave.entrySet());
            List<Object> results = items.parallelStream().map(it -> {
                try {
                    return (Object) load(it.getKey(), it.getValue());
                } catch (HdException | RuntimeException ex) {
                    return ex;
                }
            }).toList();
            for (Object r : results) {
                if (r instanceof HdException he) {
                    throw he;
                }
                if (r instanceof RuntimeException re) {
                    throw re;
                }
            }
            Map<String, SpecLocation> next = new LinkedHashMap<>();
            for (Object r : results) {
                Loaded l = (Loaded) r;
                loaded.put(l.name(), l);
            }
            for (Object r : results) {
                Loaded l = (Loaded) r;
                for (PackageSpec.Dep d : deps(l)) {
                    if (profile.skipped.contains(d.name())) {
                        throw new SpecException(d.loc(), "package '" + l.name() + "' depends on '" + d.name()
                                + "', which stack.yaml skips", "remove 'skip: true' for " + d.name()
                                + ", or satisfy it with 'use:'");
                    }
                    if (!loaded.containsKey(d.name()) && !wave.containsKey(d.name())) {
                        next.putIfAbsent(d.name(), d.loc());
                    }
                }
            }
            wave = next;
        }
        for (String pkg : opts.develop().keySet()) {
            if (!loaded.containsKey(pkg)) {
                String guess = Fields.suggest(pkg, loaded.keySet());
                throw new HdException("package '" + pkg + "' is in develop mode but not in the stack",
                        guess == null ? "run 'hd develop " + pkg + " --off'" : "did you mean '" + guess + "'?");
            }
        }
        for (String pkg : cliPackage.keySet()) {
            if (!loaded.containsKey(pkg)) {
                String guess = Fields.suggest(pkg, loaded.keySet());
                throw new HdException("the command line sets parameters of package '" + pkg
                        + "', which is not in the stack", guess == null ? null : "did you mean '" + guess + "'?");
            }
        }
        checkLockUsed();
        List<String> order = topoOrder(loaded);
        return finish(loaded, order);
    }

    private static List<PackageSpec.Dep> deps(Loaded l) {
        List<PackageSpec.Dep> all = new ArrayList<>(l.spec().buildDeps.values());
        all.addAll(l.spec().runDeps.values());
        return all;
    }

    // ---------------------------------------------------------------- loading one package

    private Loaded load(String name, SpecLocation ref) throws HdException {
        Profile.Entry entry = profile.packages.get(name);
        String specName = entry == null ? name : entry.specName();
        Map<String, String> values = new HashMap<>(profile.parameters);
        if (entry != null) {
            values.putAll(entry.params());
        }
        values.putAll(cliGlobal);
        values.putAll(cliPackage.getOrDefault(name, Map.of()));
        Map<String, String> builtins = new TreeMap<>(opts.platform());
        builtins.put("name", name);
        Params params = new Params(builtins, values);
        SpecLocation useRef = entry != null && entry.use() != null ? entry.use().loc() : ref;
        PackageSpec.Layer file = selectVariant(specName, params, useRef);
        List<PackageSpec.Layer> chain = new ArrayList<>();
        templates(file, chain, new LinkedHashSet<>());
        chain.add(file);
        PackageSpec.defaults(chain).forEach(values::putIfAbsent);
        PackageSpec spec = PackageSpec.evaluate(chain, params);
        List<Source> sources = sources(name, spec);
        String probeOutput = null;
        if (spec.host) {
            probeOutput = opts.probes().run(name, spec.probe);
        }
        return new Loaded(name, specName, SpecLocation.ofFile(file.file()), spec, sources,
                new TreeMap<>(params.used()), probeOutput);
    }

    private YNode parse(String file) throws SpecException {
        Object o = parsed.computeIfAbsent(file, f -> {
            try {
                byte[] b = src.read(f).orElse(null);
                return b == null ? (Object) Boolean.FALSE : YamlReader.parse(f, b);
            } catch (SpecException e) {
                return e;
            } catch (IOException e) {
                return new SpecException(SpecLocation.ofFile(f), "cannot read: " + e.getMessage(),
                        "check that the file is readable");
            }
        });
        if (o instanceof SpecException se) {
            throw se;
        }
        return o == Boolean.FALSE ? null : (YNode) o;
    }

    private Set<String> pkgIndex() throws SpecException {
        Set<String> idx = pkgIndex;
        if (idx == null) {
            try {
                idx = new TreeSet<>(src.list(PKGS));
            } catch (IOException e) {
                throw new SpecException(SpecLocation.ofFile(PKGS), "cannot list: " + e.getMessage(),
                        "check that the directory is readable");
            }
            pkgIndex = idx;
        }
        return idx;
    }

    private Set<String> knownPackages() throws SpecException {
        Set<String> names = new TreeSet<>(profile.packages.keySet());
        for (String n : pkgIndex()) {
            names.add(n.endsWith("/") ? n.substring(0, n.length() - 1) : n.replaceAll("\\.yaml$", ""));
        }
        return names;
    }

    private PackageSpec.Layer selectVariant(String spec, Params params, SpecLocation ref) throws HdException {
        List<String> files = new ArrayList<>();
        Set<String> idx = pkgIndex();
        if (idx.contains(spec + ".yaml")) {
            files.add(PKGS + "/" + spec + ".yaml");
        }
        if (idx.contains(spec + "/")) {
            try {
                for (String f : src.list(PKGS + "/" + spec)) {
                    if (f.equals(spec + ".yaml") || (f.startsWith(spec + "-") && f.endsWith(".yaml"))) {
                        files.add(PKGS + "/" + spec + "/" + f);
                    }
                }
            } catch (IOException e) {
                throw new SpecException(SpecLocation.ofFile(PKGS + "/" + spec), "cannot list: " + e.getMessage(),
                        "check that the directory is readable");
            }
        }
        if (files.isEmpty()) {
            // The profile lists the missing name itself: never suggest it back.
            Set<String> known = knownPackages();
            known.remove(spec);
            String guess = Fields.suggest(spec, known);
            throw new SpecException(ref, "no package '" + spec + "': expected " + PKGS + "/" + spec + ".yaml or "
                    + PKGS + "/" + spec + "/" + spec + ".yaml", guess == null ? "add the spec file, or 'use:' another package"
                    : "did you mean '" + guess + "'?");
        }
        List<PackageSpec.Layer> matching = new ArrayList<>();
        List<PackageSpec.Layer> unconditional = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (String f : files) {
            YNode.Mapping root = Fields.map(parse(f), "the package spec " + f);
            Fields.allowKeys(root, f, PackageSpec.KEYS);
            PackageSpec.Layer layer = new PackageSpec.Layer(f, root);
            if (root.has("when")) {
                YNode.Scalar cond = Fields.scalar(root.get("when"), "'when'");
                described.add(f + " (when: " + cond.value() + ")");
                if (WhenExpr.parse(cond).eval(params)) {
                    matching.add(layer);
                }
            } else {
                unconditional.add(layer);
            }
        }
        if (matching.size() > 1) {
            YNode.Scalar second = (YNode.Scalar) matching.get(1).root().get("when");
            throw new SpecException(second.loc(), "two variants of '" + spec + "' match: " + matching.get(0).file()
                    + " (when: " + ((YNode.Scalar) matching.get(0).root().get("when")).value() + ") and "
                    + matching.get(1).file() + " (when: " + second.value() + ")",
                    "make their 'when:' conditions exclusive");
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (unconditional.size() > 1) {
            throw new SpecException(ref, "package '" + spec + "' has two specs without 'when': "
                    + unconditional.get(0).file() + " and " + unconditional.get(1).file(),
                    "keep one, or give the variants 'when:' conditions");
        }
        if (unconditional.isEmpty()) {
            throw new SpecException(ref, "no variant of '" + spec + "' applies here: " + String.join(", ", described),
                    "add a variant without 'when:' as the default, or set the parameters a condition needs");
        }
        return unconditional.get(0);
    }

    private void templates(PackageSpec.Layer layer, List<PackageSpec.Layer> out, Set<String> chain) throws SpecException {
        YNode ext = layer.root().get("extends");
        if (ext == null) {
            return;
        }
        for (YNode.Scalar t : Fields.stringList(ext, "'extends'")) {
            String file = BASE + "/" + t.value() + ".yaml";
            if (!chain.add(file)) {
                List<String> path = new ArrayList<>(chain);
                List<String> cycle = path.subList(path.indexOf(file), path.size());
                throw new SpecException(t.loc(), "templates extend each other in a cycle: "
                        + String.join(" -> ", cycle) + " -> " + file, "remove one of the 'extends:' entries");
            }
            YNode root = parse(file);
            if (root == null) {
                List<String> names = new ArrayList<>();
                try {
                    for (String n : src.list(BASE)) {
                        if (n.endsWith(".yaml")) {
                            names.add(n.substring(0, n.length() - 5));
                        }
                    }
                } catch (IOException e) {
                    // listing is only for the hint
                }
                String guess = Fields.suggest(t.value(), names);
                throw new SpecException(t.loc(), "no template '" + t.value() + "': expected " + file,
                        guess == null ? "templates live in " + BASE + "/NAME.yaml" : "did you mean '" + guess + "'?");
            }
            YNode.Mapping m = Fields.map(root, "the template " + file);
            List<String> keys = new ArrayList<>(PackageSpec.KEYS);
            keys.remove("when");
            Fields.allowKeys(m, file, keys);
            PackageSpec.Layer tl = new PackageSpec.Layer(file, m);
            templates(tl, out, chain);
            // A template reached twice (a diamond: a and b both extend common) is applied once,
            // where it was first needed, so a later layer's changes to it are not undone.
            if (out.stream().noneMatch(l -> l.file().equals(file))) {
                out.add(tl);
            }
            chain.remove(file);
        }
    }

    private List<Source> sources(String name, PackageSpec spec) throws HdException {
        ResolveOptions.Develop dev = opts.develop().get(name);
        if (dev != null) {
            // the spec's sources are set aside, not gone: their lock entries still belong to the stack
            for (PackageSpec.SourceDecl d : spec.sources) {
                if (d.git() != null && d.key() == null) {
                    lockUsed.add(d.git() + "\0" + (d.branch() != null ? "branch:" + d.branch() : "tag:" + d.tag()));
                }
            }
            return List.of(new Source.Local(dev.key(), dev.dir(), "."));
        }
        List<Source> out = new ArrayList<>();
        for (PackageSpec.SourceDecl d : spec.sources) {
            if (d.path() != null) {
                Optional<SourceKey> key;
                try {
                    key = src.treeKey(d.path());
                } catch (IOException e) {
                    throw new SpecException(d.loc(), "cannot read directory '" + d.path() + "': " + e.getMessage(),
                            "check that the directory is readable");
                }
                if (key.isEmpty()) {
                    throw new SpecException(d.loc(), "no directory '" + d.path() + "' (with files in it) in "
                            + src.describe(), "path: is relative to the root of the stack repo");
                }
                out.add(new Source.Tree(key.get(), d.path(), d.target()));
            } else if (d.git() != null) {
                if (d.key() != null) {
                    gitDecls.putIfAbsent(d.git(), d.loc() + " (" + d.key() + ")");
                    out.add(new Source.Git(SourceKey.parse(d.key()), d.git(), null, d.target()));
                } else {
                    String ref = d.branch() != null ? "branch:" + d.branch() : "tag:" + d.tag();
                    gitDecls.putIfAbsent(d.git(), d.loc() + " (" + ref.replace(':', ' ') + ")");
                    String commit = floating(d, ref);
                    SourceKey key;
                    try {
                        key = SourceKey.git(commit);
                    } catch (IllegalArgumentException e) {
                        throw new HdException("resolving " + ref + " of " + d.git() + " gave '" + commit
                                + "', not a commit id", "check that the " + ref.replace(':', ' ')
                                + " exists in " + d.git() + ", or pin the source with key: git:<commit>");
                    }
                    out.add(new Source.Git(key, d.git(), ref, d.target()));
                }
            } else {
                SourceKey key = SourceKey.parse(d.key());
                if (key.kind() == SourceKey.Kind.GIT) {
                    gitDecls.putIfAbsent(d.url(), d.loc() + " (" + key + ")");
                    out.add(new Source.Git(key, d.url(), null, d.target()));
                } else {
                    out.add(new Source.Archive(key, d.url(), d.target(), d.strip()));
                }
            }
        }
        return out;
    }

    /** The commit a floating source stands for: the lock's, when the stack has a lock file, else the mirror's. */
    private String floating(PackageSpec.SourceDecl d, String ref) throws HdException {
        if (lock == null) {
            return opts.gitRefs().resolve(d.git(), ref);
        }
        Optional<LockFile.Entry> e = lock.get(d.git(), ref);
        if (e.isEmpty()) {
            throw new SpecException(d.loc(), "the spec follows " + LockFile.describe(d.git(), ref) + ", which "
                    + LockFile.FILE + " does not lock: the spec and the lock disagree",
                    "run 'hd lock' to lock the stack's sources as they are now, or remove " + LockFile.FILE
                            + " to follow branches");
        }
        lockUsed.add(d.git() + "\0" + ref);
        return e.get().commit();
    }

    /** Every lock entry must stand for a source of the stack: a stale lock is an error, never ignored. */
    private void checkLockUsed() throws SpecException {
        if (lock == null) {
            return;
        }
        for (LockFile.Entry e : lock.entries()) {
            if (!lockUsed.contains(e.url() + "\0" + e.ref())) {
                String decl = gitDecls.get(e.url());
                throw new SpecException(e.loc(), LockFile.FILE + " locks " + LockFile.describe(e.url(), e.ref()) + " to "
                        + e.commit().substring(0, 12) + ", but no package follows it"
                        + (decl == null ? " (no source has that url)" : "; the spec has " + decl)
                        + ": the spec and the lock disagree",
                        "run 'hd lock' to rewrite the lock from the spec, or change the spec back");
            }
        }
    }

    // ---------------------------------------------------------------- the DAG

    private static List<String> topoOrder(Map<String, Loaded> loaded) throws SpecException {
        Map<String, Integer> remaining = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Loaded l : loaded.values()) {
            Set<String> ds = new TreeSet<>();
            for (PackageSpec.Dep d : deps(l)) {
                ds.add(d.name());
            }
            remaining.put(l.name(), ds.size());
            for (String d : ds) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(l.name());
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>();
        remaining.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
            }
        });
        List<String> order = new ArrayList<>(loaded.size());
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String d : dependents.getOrDefault(n, List.of())) {
                if (remaining.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (order.size() < loaded.size()) {
            Set<String> left = new TreeSet<>();
            remaining.forEach((k, v) -> {
                if (v > 0) {
                    left.add(k);
                }
            });
            List<String> cycle = Graphs.findCycle(left, n -> {
                List<String> out = new ArrayList<>();
                for (PackageSpec.Dep d : deps(loaded.get(n))) {
                    out.add(d.name());
                }
                return out;
            });
            Loaded first = loaded.get(cycle.get(0));
            SpecLocation at = first.origin();
            for (PackageSpec.Dep d : deps(first)) {
                if (d.name().equals(cycle.get(1))) {
                    at = d.loc();
                    break;
                }
            }
            throw new SpecException(at, "dependency cycle: " + String.join(" -> ", cycle),
                    "a package cannot depend on itself, directly or through others; remove one of these dependencies");
        }
        return order;
    }

    /** Levels with fewer packages than this are finished on the calling thread (no fork/join overhead). */
    private static final int PARALLEL_LEVEL = 64;

    /**
     * Computes closures, build environments, build specs and ids. A package needs the ids and
     * run closures of its dependencies only, so the packages of one topological level (the
     * longest dependency chain below them has the same length) are finished in parallel, one
     * level after the other: canonical JSON and SHA-256 are most of the work on large stacks.
     */
    private ResolvedStack finish(Map<String, Loaded> loaded, List<String> order) throws HdException {
        int n = order.size();
        Map<String, Integer> index = new HashMap<>();
        Loaded[] byIndex = new Loaded[n];
        for (int i = 0; i < n; i++) {
            index.put(order.get(i), i);
            byIndex[i] = loaded.get(order.get(i));
        }
        int[] level = new int[n];
        int levels = 0;
        for (int i = 0; i < n; i++) { // dependencies come first in the order
            int lv = 0;
            for (String d : byIndex[i].spec().buildDeps.keySet()) {
                lv = Math.max(lv, level[index.get(d)] + 1);
            }
            for (String d : byIndex[i].spec().runDeps.keySet()) {
                lv = Math.max(lv, level[index.get(d)] + 1);
            }
            level[i] = lv;
            levels = Math.max(levels, lv + 1);
        }
        int[][] byLevel = new int[levels][];
        int[] fill = new int[levels];
        for (int i = 0; i < n; i++) {
            fill[level[i]]++;
        }
        for (int lv = 0; lv < levels; lv++) {
            byLevel[lv] = new int[fill[lv]];
            fill[lv] = 0;
        }
        for (int i = 0; i < n; i++) {
            byLevel[level[i]][fill[level[i]]++] = i;
        }
        // Run closures as bit sets over the dependency order: unions are cheap even when
        // closures are large, and iterating the bits yields dependencies first.
        java.util.BitSet[] runClosure = new java.util.BitSet[n];
        ArtifactId[] ids = new ArtifactId[n];
        ResolvedPackage[] packages = new ResolvedPackage[n];
        for (int[] members : byLevel) {
            java.util.stream.IntStream is = java.util.Arrays.stream(members);
            (members.length < PARALLEL_LEVEL ? is : is.parallel()).forEach(i -> {
                Loaded l = byIndex[i];
                java.util.BitSet rc = new java.util.BitSet();
                for (String r : l.spec().runDeps.keySet()) {
                    int j = index.get(r);
                    rc.set(j);
                    rc.or(runClosure[j]);
                }
                java.util.BitSet env = new java.util.BitSet();
                for (String b : l.spec().buildDeps.keySet()) {
                    int j = index.get(b);
                    env.set(j);
                    env.or(runClosure[j]);
                }
                List<String> buildEnv = new ArrayList<>(env.cardinality());
                for (int j = env.nextSetBit(0); j >= 0; j = env.nextSetBit(j + 1)) {
                    buildEnv.add(order.get(j));
                }
                String json = buildSpecJson(l, depIds(l.spec().buildDeps.keySet(), index, ids),
                        depIds(l.spec().runDeps.keySet(), index, ids));
                ArtifactId id = ArtifactId.ofCanonicalJson(json);
                packages[i] = new ResolvedPackage(l.name(), l.specName(), l.spec().version, id, json, l.origin(),
                        l.sources(), new ArrayList<>(new TreeSet<>(l.spec().buildDeps.keySet())),
                        new ArrayList<>(new TreeSet<>(l.spec().runDeps.keySet())), buildEnv,
                        l.spec().stages, l.spec().env, l.spec().whenBuildDependency, l.spec().profileLinks,
                        l.spec().host, l.params());
                // written last: the next level reads them (the stream's end orders the writes before)
                runClosure[i] = rc;
                ids[i] = id;
            });
        }
        Set<String> inProfile = new TreeSet<>();
        java.util.BitSet listedClosure = new java.util.BitSet();
        for (String listed : profile.packages.keySet()) {
            inProfile.add(listed);
            listedClosure.or(runClosure[index.get(listed)]);
        }
        for (int j = listedClosure.nextSetBit(0); j >= 0; j = listedClosure.nextSetBit(j + 1)) {
            inProfile.add(order.get(j));
        }
        Map<String, String> globals = new TreeMap<>(profile.parameters);
        globals.putAll(cliGlobal);
        return new ResolvedStack(src, globals, java.util.Arrays.asList(packages), new ArrayList<>(inProfile),
                profile.profileLinks, new ArrayList<>(profile.packages.keySet()));
    }

    private static Map<String, String> depIds(Set<String> names, Map<String, Integer> index, ArtifactId[] ids) {
        Map<String, String> out = new TreeMap<>();
        for (String n : names) {
            out.put(n, ids[index.get(n)].value());
        }
        return out;
    }

    private String buildSpecJson(Loaded l, Map<String, String> buildIds, Map<String, String> runIds) {
        PackageSpec s = l.spec();
        Map<String, Object> spec = new TreeMap<>();
        spec.put("format", FORMAT_VERSION);
        spec.put("name", l.name());
        spec.put("version", s.version);
        spec.put("platform", new TreeMap<>(opts.platform()));
        spec.put("parameters", l.params());
        List<Object> sources = new ArrayList<>();
        for (Source src : l.sources()) {
            Map<String, Object> o = new TreeMap<>();
            o.put("key", src.key().toString());
            o.put("target", src.target());
            if (src instanceof Source.Archive a) {
                o.put("strip", a.strip());
            }
            sources.add(o);
        }
        spec.put("sources", sources);
        // Direct dependencies by id. A run dependency's id is hashed too: run dependencies are
        // baked into artifacts (rpaths, shebangs), and hashing them makes each id cover the run
        // closure that dependents see in their build environment.
        Map<String, Object> deps = new TreeMap<>();
        deps.put("build", buildIds);
        deps.put("run", runIds);
        spec.put("dependencies", deps);
        List<Object> stages = new ArrayList<>();
        for (Stage st : s.stages) {
            Map<String, Object> o = new TreeMap<>();
            o.put("name", st.name());
            o.put("bash", st.bash());
            stages.add(o);
        }
        spec.put("stages", stages);
        List<Object> env = new ArrayList<>();
        s.env.forEach((k, v) -> env.add(List.of(k, v)));
        spec.put("env", env);
        List<Object> wbd = new ArrayList<>();
        for (EnvAction a : s.whenBuildDependency) {
            Map<String, Object> o = new TreeMap<>();
            o.put("op", a.op().yamlName());
            o.put("variable", a.variable());
            o.put("value", a.value());
            wbd.add(o);
        }
        spec.put("when_build_dependency", wbd);
        if (s.host) {
            Map<String, Object> h = new TreeMap<>();
            h.put("probe", s.probe);
            String out = l.probeOutput() == null ? "" : l.probeOutput();
            if (out.length() <= MAX_PROBE_TEXT) {
                h.put("output", out);
            } else {
                h.put("output_sha256", HexFormat.of().formatHex(ArtifactId.sha256(out.getBytes(StandardCharsets.UTF_8))));
            }
            spec.put("host", h);
        }
        try {
            return CanonicalJson.mapper().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a build spec", e);
        }
    }
}
