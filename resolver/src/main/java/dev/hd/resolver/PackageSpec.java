package dev.hd.resolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * One package spec file with the templates it {@code extends}, merged and evaluated for one
 * set of parameters: the intermediate form between YAML and {@link ResolvedPackage}.
 * Sources are still declarations here (tree keys, git refs and probes need I/O).
 */
final class PackageSpec {
    static final List<String> KEYS = List.of("when", "extends", "version", "description", "sources",
            "dependencies", "build_stages", "defaults", "env", "when_build_dependency", "profile_links",
            "host", "probe");
    static final List<String> STAGE_KEYS = List.of("name", "before", "after", "bash", "mode", "when");
    static final List<String> SOURCE_KEYS = List.of("url", "key", "git", "branch", "tag", "path", "target",
            "strip", "when");
    static final List<String> DEP_KEYS = List.of("build", "run");
    static final List<String> WBD_KEYS = List.of("set", "prepend_path", "append_path", "value", "when");
    static final List<String> LINK_KEYS = List.of("link", "exclude", "copy", "when");

    /** A source as the spec declares it (parameters expanded). */
    record SourceDecl(String url, String key, String git, String branch, String tag, String path, String target,
            boolean strip, SpecLocation loc) {
    }

    /** A dependency name and where it was written. */
    record Dep(String name, SpecLocation loc) {
    }

    /** A file of the chain: a template or the package file itself. */
    record Layer(String file, YNode.Mapping root) {
    }

    // results
    String version = "";
    boolean host;
    String probe;
    SpecLocation probeLoc;
    final List<SourceDecl> sources = new ArrayList<>();
    final Map<String, Dep> buildDeps = new LinkedHashMap<>();
    final Map<String, Dep> runDeps = new LinkedHashMap<>();
    final List<Stage> stages = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    final List<EnvAction> whenBuildDependency = new ArrayList<>();
    final List<LinkRule> profileLinks = new ArrayList<>();

    /** A stage while templates are merged: every piece keeps its position. */
    private static final class StageDraft {
        final String name;
        final SpecLocation loc;
        List<YNode.Scalar> before = new ArrayList<>();
        List<YNode.Scalar> after = new ArrayList<>();
        List<YNode.Scalar> bash = new ArrayList<>();

        StageDraft(String name, SpecLocation loc) {
            this.name = name;
            this.loc = loc;
        }
    }

    /**
     * Evaluates the chain (templates first, the package file last) with {@code params}, which
     * must already hold the defaults.
     */
    static PackageSpec evaluate(List<Layer> chain, Params params) throws SpecException {
        PackageSpec spec = new PackageSpec();
        Map<String, StageDraft> drafts = new LinkedHashMap<>();
        List<LinkRule> links = null;
        // {{version}} must mean the package's version wherever it is used, even in a template
        // evaluated before the file that sets it: take the last unconditional version first.
        for (Layer layer : chain) {
            YNode v = layer.root().get("version");
            if (v != null) {
                spec.version = params.expand(Fields.scalar(v, "'version'"));
            }
        }
        if (!spec.version.isEmpty()) {
            params.setBuiltin("version", spec.version);
        }
        for (Layer layer : chain) {
            Map<String, YNode.Mapping.Entry> body = new LinkedHashMap<>(layer.root().entries());
            body.remove("when");
            body.remove("extends");
            body.remove("defaults");
            checkTopLevelOnly(layer.root());
            YNode.Mapping m = (YNode.Mapping) Conditions.apply(new YNode.Mapping(body, layer.root().loc(), 1), params);
            if (m.has("version")) {
                spec.version = params.expand(Fields.scalar(m.get("version"), "'version'"));
                params.setBuiltin("version", spec.version);
            }
            if (m.has("host")) {
                spec.host = Fields.bool(m.get("host"), "'host'");
            }
            if (m.has("probe")) {
                YNode.Scalar s = Fields.scalar(m.get("probe"), "'probe'");
                spec.probe = params.expand(s);
                spec.probeLoc = s.loc();
            }
            if (m.has("sources")) {
                for (YNode item : Fields.list(m.get("sources"), "'sources'").items()) {
                    spec.sources.add(source(item, params));
                }
            }
            if (m.has("dependencies")) {
                YNode.Mapping deps = Fields.map(m.get("dependencies"), "'dependencies'");
                Fields.allowKeys(deps, "'dependencies'", DEP_KEYS);
                addDeps(deps.get("build"), "'build' dependencies", spec.buildDeps);
                addDeps(deps.get("run"), "'run' dependencies", spec.runDeps);
            }
            if (m.has("build_stages")) {
                for (YNode item : Fields.list(m.get("build_stages"), "'build_stages'").items()) {
                    mergeStage(drafts, Fields.map(item, "a build stage"));
                }
            }
            if (m.has("env")) {
                for (YNode.Mapping.Entry e : Fields.map(m.get("env"), "'env'").entries().values()) {
                    checkVariable(e.key());
                    YNode.Scalar v = Fields.scalar(e.value(), "env variable " + e.key().value());
                    spec.env.put(e.key().value(), params.expand(v));
                }
            }
            if (m.has("when_build_dependency")) {
                for (YNode item : Fields.list(m.get("when_build_dependency"), "'when_build_dependency'").items()) {
                    spec.whenBuildDependency.add(envAction(Fields.map(item, "a when_build_dependency action"), params));
                }
            }
            if (m.has("profile_links")) {
                List<LinkRule> mine = linkRules(m.get("profile_links"));
                // The package's own rules come before its templates' rules: first match wins.
                links = links == null ? new ArrayList<>(mine) : prepend(mine, links);
            }
        }
        if (spec.host) {
            if (spec.probe == null) {
                throw new SpecException(chain.get(chain.size() - 1).root().loc(),
                        "a host package needs a 'probe:' command",
                        "probe prints what identifies the host software, e.g. probe: mpicc --version");
            }
            if (!drafts.isEmpty() || !spec.sources.isEmpty()) {
                throw new SpecException(chain.get(chain.size() - 1).root().loc(),
                        "a host package builds nothing: it may not have 'sources' or 'build_stages'",
                        "export the host's paths with when_build_dependency instead");
            }
        } else if (spec.probe != null) {
            throw new SpecException(spec.probeLoc, "'probe:' only makes sense with 'host: true'",
                    "add 'host: true' (a package the host provides), or remove 'probe:'");
        }
        for (StageDraft d : order(drafts)) {
            StringBuilder bash = new StringBuilder();
            for (YNode.Scalar s : d.bash) {
                if (bash.length() > 0 && bash.charAt(bash.length() - 1) != '\n') {
                    bash.append('\n');
                }
                bash.append(params.expand(s));
            }
            spec.stages.add(new Stage(d.name, bash.toString()));
        }
        spec.profileLinks.addAll(links == null ? LinkRule.DEFAULTS : links);
        return spec;
    }

    /**
     * Refuses 'when', 'extends' and 'defaults' inside the file's top-level 'when EXPR:' blocks,
     * whether or not their conditions hold, so that a spec is not valid on one platform only.
     */
    private static void checkTopLevelOnly(YNode.Mapping root) throws SpecException {
        for (YNode.Mapping.Entry e : root.entries().values()) {
            if (Fields.isWhenBlock(e.key().value()) && e.value() instanceof YNode.Mapping block) {
                for (String forbidden : List.of("when", "extends", "defaults")) {
                    if (block.has(forbidden)) {
                        throw new SpecException(block.entries().get(forbidden).key().loc(),
                                "'" + forbidden + ":' cannot be inside a conditional block",
                                "move it to the top level of the file");
                    }
                }
                checkTopLevelOnly(block);
            }
        }
    }

    private static List<LinkRule> prepend(List<LinkRule> first, List<LinkRule> then) {
        List<LinkRule> out = new ArrayList<>(first);
        out.addAll(then);
        return out;
    }

    private static void addDeps(YNode n, String what, Map<String, Dep> into) throws SpecException {
        if (n == null) {
            return;
        }
        for (YNode.Scalar s : Fields.stringList(n, what)) {
            Profile.checkName(s, "package");
            into.putIfAbsent(s.value(), new Dep(s.value(), s.loc()));
        }
    }

    private static void checkVariable(YNode.Scalar key) throws SpecException {
        if (key.value() == null || !Fields.IDENTIFIER.matcher(key.value()).matches()) {
            throw new SpecException(key.loc(), "'" + key.value() + "' is not a valid environment variable name",
                    "use letters, digits and '_'");
        }
    }

    private static SourceDecl source(YNode item, Params p) throws SpecException {
        YNode.Mapping m = Fields.map(item, "a source");
        Fields.allowKeys(m, "a source", SOURCE_KEYS);
        String url = opt(m, "url", p);
        String key = opt(m, "key", p);
        String git = opt(m, "git", p);
        String branch = opt(m, "branch", p);
        String tag = opt(m, "tag", p);
        String path = opt(m, "path", p);
        String target = opt(m, "target", p);
        boolean strip = !m.has("strip") || Fields.bool(m.get("strip"), "'strip'");
        SpecLocation loc = m.loc();
        int kinds = (url != null ? 1 : 0) + (git != null ? 1 : 0) + (path != null ? 1 : 0);
        if (kinds != 1) {
            throw new SpecException(loc, "a source needs exactly one of 'url:' (archive or pinned git commit),"
                    + " 'git:' (upstream repository) or 'path:' (directory of the stack repo)",
                    "e.g. - url: https://example.org/foo-1.0.tar.gz\n        key: sha256:<64 hex digits>");
        }
        if (key != null) {
            try {
                SourceKey.parse(key);
            } catch (IllegalArgumentException e) {
                throw new SpecException(m.entries().get("key").value().loc(), "malformed source key: " + e.getMessage(),
                        "'hd fetch URL' prints the right key for an archive");
            }
        }
        if (url != null) {
            if (key == null) {
                throw new SpecException(loc, "an archive source needs 'key: sha256:<hex>' (or 'key: git:<commit>' for a git URL)",
                        "run 'hd fetch " + url + "' to get the key");
            }
            if (key.startsWith("tree:")) {
                throw new SpecException(m.entries().get("key").value().loc(), "a 'url:' source cannot have a tree: key",
                        "use path: for a directory of the stack repo");
            }
            if (branch != null || tag != null) {
                throw new SpecException(loc, "'branch:'/'tag:' go with 'git:', not 'url:'", "write git: " + url);
            }
        }
        if (git != null) {
            int refs = (key != null ? 1 : 0) + (branch != null ? 1 : 0) + (tag != null ? 1 : 0);
            if (refs != 1) {
                throw new SpecException(loc, "a git source needs exactly one of 'key: git:<commit>', 'branch:' or 'tag:'",
                        "pin it with key: git:<40 hex digits>, or follow a branch: branch: main");
            }
            if (key != null && !key.startsWith("git:")) {
                throw new SpecException(m.entries().get("key").value().loc(),
                        "a git source's key must be 'git:<commit>', found '" + key + "'",
                        "write key: git:<the full 40-hex commit>, or follow a branch with 'branch:' instead of 'key:'");
            }
            if (m.has("strip")) {
                throw new SpecException(m.entries().get("strip").key().loc(), "'strip' applies to archives only",
                        "remove 'strip:' from this source; use 'target:' to choose where its files go");
            }
        }
        if (path != null) {
            if (key != null || branch != null || tag != null) {
                throw new SpecException(loc, "a 'path:' source takes no key, branch or tag: hd keys it by its content",
                        "remove 'key:', 'branch:' and 'tag:' from this source");
            }
            if (path.startsWith("/") || ("/" + path + "/").contains("/../")) {
                throw new SpecException(m.entries().get("path").value().loc(),
                        "'path:' must be a directory inside the stack repo, found '" + path + "'",
                        "for a directory elsewhere use 'hd develop PKG --path DIR'");
            }
            path = path.replaceAll("/+$", "");
        }
        if (target != null && (target.startsWith("/") || ("/" + target + "/").contains("/../"))) {
            throw new SpecException(m.entries().get("target").value().loc(),
                    "'target:' must be a relative directory inside the build directory",
                    "give a relative directory such as 'src' or 'deps/zlib' (no '..', not starting with '/')");
        }
        return new SourceDecl(url, key, git, branch, tag, path, target, strip, loc);
    }

    private static String opt(YNode.Mapping m, String key, Params p) throws SpecException {
        YNode n = m.get(key);
        return n == null ? null : p.expand(Fields.scalar(n, "'" + key + "'"));
    }

    private static EnvAction envAction(YNode.Mapping m, Params p) throws SpecException {
        Fields.allowKeys(m, "a when_build_dependency action", WBD_KEYS);
        EnvAction.Op op = null;
        YNode.Scalar var = null;
        for (EnvAction.Op o : EnvAction.Op.values()) {
            if (m.has(o.yamlName())) {
                if (op != null) {
                    throw new SpecException(m.loc(), "an action has one of 'set', 'prepend_path', 'append_path'",
                            "split it into one action per variable, each a '- ' item of its own");
                }
                op = o;
                var = Fields.scalar(m.get(o.yamlName()), "'" + o.yamlName() + "'");
            }
        }
        if (op == null) {
            throw new SpecException(m.loc(), "an action needs 'set:', 'prepend_path:' or 'append_path:' naming a variable",
                    "e.g. - prepend_path: PATH\n    value: ${ARTIFACT}/bin");
        }
        checkVariable(var);
        if (!m.has("value")) {
            throw new SpecException(m.loc(), "the action on " + var.value() + " needs 'value:'",
                    "add e.g. value: ${ARTIFACT}/bin");
        }
        String value = p.expand(Fields.scalar(m.get("value"), "'value'"));
        return new EnvAction(op, var.value(), value);
    }

    static List<LinkRule> linkRules(YNode n) throws SpecException {
        List<LinkRule> out = new ArrayList<>();
        for (YNode item : Fields.list(n, "'profile_links'").items()) {
            YNode.Mapping m = Fields.map(item, "a profile_links rule");
            Fields.allowKeys(m, "a profile_links rule", LINK_KEYS);
            LinkRule rule = null;
            for (LinkRule.Action a : LinkRule.Action.values()) {
                String k = a.name().toLowerCase(java.util.Locale.ROOT);
                if (m.has(k)) {
                    if (rule != null) {
                        throw new SpecException(m.loc(), "a rule has exactly one of 'link', 'exclude', 'copy'",
                                "split it into one rule per action, each a '- ' item of its own");
                    }
                    YNode.Scalar g = Fields.scalar(m.get(k), "'" + k + "'");
                    if (g.value().startsWith("/") || g.value().contains("..")) {
                        throw new SpecException(g.loc(), "a profile_links glob is relative to the artifact, found '"
                                + g.value() + "'", "e.g. link: bin/*");
                    }
                    rule = new LinkRule(a, g.value());
                }
            }
            if (rule == null) {
                throw new SpecException(m.loc(), "a profile_links rule needs 'link:', 'exclude:' or 'copy:' with a glob",
                        "e.g. - exclude: share/doc/**");
            }
            out.add(rule);
        }
        return out;
    }

    private static void mergeStage(Map<String, StageDraft> drafts, YNode.Mapping m) throws SpecException {
        Fields.allowKeys(m, "a build stage", STAGE_KEYS);
        if (!m.has("name")) {
            throw new SpecException(m.loc(), "a build stage needs 'name:'",
                    "names let templates and specs refer to stages (before:/after:) and override them");
        }
        YNode.Scalar nameNode = Fields.scalar(m.get("name"), "the stage name");
        String name = nameNode.value();
        String mode = m.has("mode") ? Fields.string(m.get("mode"), "'mode'") : "override";
        List<String> modes = List.of("override", "update", "replace", "remove");
        if (!modes.contains(mode)) {
            String guess = Fields.suggest(mode, modes);
            throw new SpecException(m.get("mode").loc(), "unknown stage mode '" + mode
                    + "'; expected one of: override, update, replace, remove",
                    guess == null ? null : "did you mean '" + guess + "'?");
        }
        StageDraft old = drafts.get(name);
        if (mode.equals("remove")) {
            if (old == null) {
                String guess = Fields.suggest(name, drafts.keySet());
                throw new SpecException(nameNode.loc(), "cannot remove stage '" + name + "': no inherited stage has that name",
                        guess == null ? "stages so far: " + String.join(", ", drafts.keySet()) : "did you mean '" + guess + "'?");
            }
            drafts.remove(name);
            return;
        }
        List<YNode.Scalar> before = m.has("before") ? Fields.stringList(m.get("before"), "'before'") : null;
        List<YNode.Scalar> after = m.has("after") ? Fields.stringList(m.get("after"), "'after'") : null;
        YNode.Scalar bash = m.has("bash") ? Fields.scalar(m.get("bash"), "'bash'") : null;
        if (old == null || mode.equals("replace")) {
            StageDraft d = new StageDraft(name, nameNode.loc());
            if (before != null) {
                d.before = new ArrayList<>(before);
            }
            if (after != null) {
                d.after = new ArrayList<>(after);
            }
            if (bash != null) {
                d.bash.add(bash);
            }
            drafts.remove(name);
            drafts.put(name, d);
            return;
        }
        if (mode.equals("override")) {
            if (before != null) {
                old.before = new ArrayList<>(before);
            }
            if (after != null) {
                old.after = new ArrayList<>(after);
            }
            if (bash != null) {
                old.bash = new ArrayList<>(List.of(bash));
            }
        } else { // update
            if (before != null) {
                union(old.before, before);
            }
            if (after != null) {
                union(old.after, after);
            }
            if (bash != null) {
                old.bash.add(bash);
            }
        }
    }

    private static void union(List<YNode.Scalar> into, List<YNode.Scalar> add) {
        Set<String> have = new java.util.HashSet<>();
        for (YNode.Scalar s : into) {
            have.add(s.value());
        }
        for (YNode.Scalar s : add) {
            if (have.add(s.value())) {
                into.add(s);
            }
        }
    }

    /** Orders stages by their before/after constraints, ties by name. */
    private static List<StageDraft> order(Map<String, StageDraft> drafts) throws SpecException {
        Map<String, Set<String>> preds = new HashMap<>();
        for (StageDraft d : drafts.values()) {
            preds.computeIfAbsent(d.name, k -> new TreeSet<>());
        }
        for (StageDraft d : drafts.values()) {
            for (YNode.Scalar a : d.after) {
                check(drafts, a, d.name);
                preds.get(d.name).add(a.value());
            }
            for (YNode.Scalar b : d.before) {
                check(drafts, b, d.name);
                preds.get(b.value()).add(d.name);
            }
        }
        List<StageDraft> out = new ArrayList<>();
        Map<String, Integer> remaining = new HashMap<>();
        Map<String, List<String>> succ = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : preds.entrySet()) {
            remaining.put(e.getKey(), e.getValue().size());
            for (String p : e.getValue()) {
                succ.computeIfAbsent(p, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>();
        remaining.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
            }
        });
        while (!ready.isEmpty()) {
            String s = ready.poll();
            out.add(drafts.get(s));
            for (String n : succ.getOrDefault(s, List.of())) {
                if (remaining.merge(n, -1, Integer::sum) == 0) {
                    ready.add(n);
                }
            }
        }
        if (out.size() < drafts.size()) {
            Set<String> left = new TreeSet<>();
            remaining.forEach((k, v) -> {
                if (v > 0) {
                    left.add(k);
                }
            });
            List<String> cycle = Graphs.findCycle(left, n -> preds.get(n));
            StageDraft first = drafts.get(cycle.get(0));
            List<String> reversed = new ArrayList<>(cycle);
            java.util.Collections.reverse(reversed);
            throw new SpecException(first.loc, "build stages must run in a cycle: " + String.join(" -> ", reversed),
                    "check the 'before:'/'after:' of these stages");
        }
        return out;
    }

    private static void check(Map<String, StageDraft> drafts, YNode.Scalar ref, String from) throws SpecException {
        if (!drafts.containsKey(ref.value())) {
            String guess = Fields.suggest(ref.value(), drafts.keySet());
            throw new SpecException(ref.loc(), "stage '" + from + "' refers to stage '" + ref.value()
                    + "', which does not exist", guess == null ? "stages: " + String.join(", ", drafts.keySet())
                    : "did you mean '" + guess + "'?");
        }
    }

    /** Collects the default parameters of a chain (later files override earlier ones). */
    static Map<String, String> defaults(List<Layer> chain) throws SpecException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Layer l : chain) {
            YNode d = l.root().get("defaults");
            if (d == null) {
                continue;
            }
            for (YNode.Mapping.Entry e : Fields.map(d, "'defaults'").entries().values()) {
                if (Fields.isWhenBlock(e.key().value())) {
                    throw new SpecException(e.key().loc(), "defaults cannot be conditional",
                            "give the default unconditionally and use 'when' where it is used");
                }
                Profile.checkName(e.key(), "parameter");
                YNode v = e.value();
                if (!(v instanceof YNode.Scalar s)) {
                    throw new SpecException(v.loc(), "default of '" + e.key().value() + "' must be a single value, found "
                            + v.kind(), "give one value; quote it ('...') if it starts with '[' or '{'");
                }
                out.put(e.key().value(), s.value() == null ? "" : s.value());
            }
        }
        return out;
    }

    static Set<String> names(Map<String, Dep> deps) {
        return new LinkedHashSet<>(deps.keySet());
    }
}
