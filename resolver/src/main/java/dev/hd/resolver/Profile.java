package dev.hd.resolver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded {@code stack.yaml} with the profiles it {@code extends} merged in: global
 * parameters, the packages asked for (with their {@code use:}/{@code skip:} and per-package
 * parameters), and stack-wide {@code profile_links}.
 */
final class Profile {
    static final String FILE = "stack.yaml";
    static final List<String> KEYS = List.of("extends", "parameters", "packages", "profile_links");
    /** Parameters hd sets itself; a stack may not redefine them (the hash records the real ones). */
    static final List<String> RESERVED = List.of("platform", "arch", "name", "version");

    /** One entry under {@code packages:}. */
    record Entry(String name, YNode.Scalar use, boolean skip, Map<String, String> params, SpecLocation loc) {
        String specName() {
            return use == null ? name : use.value();
        }
    }

    final Map<String, String> parameters = new LinkedHashMap<>();
    final Map<String, Entry> packages = new LinkedHashMap<>();
    final List<LinkRule> profileLinks = new ArrayList<>();
    /** Packages a profile dropped with {@code skip: true}. */
    final Set<String> skipped = new java.util.TreeSet<>();

    static Profile load(SpecSource src) throws SpecException {
        Profile p = new Profile();
        p.loadFile(src, FILE, new LinkedHashSet<>(), null);
        for (Entry e : p.packages.values()) {
            if (e.skip()) {
                p.skipped.add(e.name());
            }
        }
        p.packages.values().removeIf(Entry::skip);
        return p;
    }

    private void loadFile(SpecSource src, String file, Set<String> chain, SpecLocation from) throws SpecException {
        if (!chain.add(file)) {
            List<String> cycle = new ArrayList<>(chain);
            cycle = cycle.subList(cycle.indexOf(file), cycle.size());
            throw new SpecException(from, "profiles extend each other in a cycle: " + String.join(" -> ", cycle)
                    + " -> " + file, "remove one of the 'extends:' entries");
        }
        YNode.Mapping root = Fields.map(read(src, file, from), "the profile " + file);
        Fields.allowKeys(root, file, KEYS);
        for (YNode.Mapping.Entry e : root.entries().values()) {
            if (Fields.isWhenBlock(e.key().value())) {
                throw new SpecException(e.key().loc(), "conditional blocks are not supported in a profile",
                        "put conditions into the package specs");
            }
        }
        if (root.has("extends")) {
            for (YNode item : Fields.list(root.get("extends"), "'extends'").items()) {
                String parent;
                SpecLocation at = item.loc();
                if (item instanceof YNode.Mapping m) {
                    Fields.allowKeys(m, "an 'extends' entry", List.of("file"));
                    if (!m.has("file")) {
                        throw new SpecException(at, "an 'extends' entry needs 'file:'", "write - {file: base.yaml}");
                    }
                    parent = Fields.string(m.get("file"), "'file'");
                } else {
                    parent = Fields.string(item, "an 'extends' entry");
                }
                if (parent.startsWith("/") || parent.contains("..")) {
                    throw new SpecException(at, "profile file '" + parent + "' must be a path inside the stack repo",
                            "give a path relative to the stack's top directory, without '..'");
                }
                loadFile(src, parent, chain, at);
            }
        }
        if (root.has("parameters")) {
            for (YNode.Mapping.Entry e : Fields.map(root.get("parameters"), "'parameters'").entries().values()) {
                checkName(e.key(), "parameter");
                parameters.put(e.key().value(), paramValue(e.value(), e.key().value()));
            }
        }
        if (root.has("packages")) {
            for (YNode.Mapping.Entry e : Fields.map(root.get("packages"), "'packages'").entries().values()) {
                String name = e.key().value();
                checkName(e.key(), "package");
                Entry old = packages.get(name);
                YNode.Scalar use = old == null ? null : old.use();
                boolean skip = false;
                Map<String, String> params = new LinkedHashMap<>(old == null ? Map.of() : old.params());
                YNode.Mapping settings = Fields.map(e.value(), "package '" + name + "'");
                for (YNode.Mapping.Entry s : settings.entries().values()) {
                    switch (s.key().value()) {
                        case "use" -> {
                            use = Fields.scalar(s.value(), "'use'");
                            checkName(use, "package");
                        }
                        case "skip" -> skip = Fields.bool(s.value(), "'skip'");
                        default -> {
                            checkName(s.key(), "parameter");
                            params.put(s.key().value(), paramValue(s.value(), s.key().value()));
                        }
                    }
                }
                packages.remove(name);
                packages.put(name, new Entry(name, use, skip, params, e.key().loc()));
            }
        }
        if (root.has("profile_links")) {
            // A child's rules come first so that they win over a parent's.
            profileLinks.addAll(0, PackageSpec.linkRules(root.get("profile_links")));
        }
        chain.remove(file);
    }

    static YNode read(SpecSource src, String file, SpecLocation from) throws SpecException {
        byte[] bytes;
        try {
            bytes = src.read(file).orElse(null);
        } catch (IOException e) {
            throw new SpecException(SpecLocation.ofFile(file), "cannot read: " + e.getMessage(),
                    "check that the file is readable");
        }
        if (bytes == null) {
            if (file.equals(FILE)) {
                throw new SpecException(null, "no " + FILE + " in " + src.describe(),
                        "a stack is a directory (or git revision) with stack.yaml and pkgs/*.yaml; 'hd init' creates one");
            }
            throw new SpecException(from, "file '" + file + "' does not exist in " + src.describe(),
                    "check the name: 'extends:' files are relative to the stack's top directory");
        }
        return YamlReader.parse(file, bytes);
    }

    private static String paramValue(YNode v, String name) throws SpecException {
        if (v instanceof YNode.Scalar s) {
            return s.value() == null ? "" : s.value();
        }
        throw new SpecException(v.loc(), "parameter '" + name + "' must be a single value, found " + v.kind(),
                "quote it if it is text");
    }

    static void checkName(YNode.Scalar key, String what) throws SpecException {
        String k = key.value();
        if (what.equals("parameter") && RESERVED.contains(k)) {
            throw new SpecException(key.loc(), "'" + k + "' is a built-in parameter and cannot be redefined",
                    "built-ins are " + String.join(", ", RESERVED) + "; choose another name");
        }
        if (what.equals("parameter") && k != null && !Fields.IDENTIFIER.matcher(k).matches()) {
            throw new SpecException(key.loc(), "'" + k + "' is not a valid parameter name",
                    "parameter names are letters, digits and '_' (so that {{" + k.replaceAll("[^A-Za-z0-9_]", "_")
                            + "}} can refer to them)");
        }
        if (k == null || !Fields.PACKAGE_NAME.matcher(k).matches()) {
            throw new SpecException(key.loc(), "'" + k + "' is not a valid " + what + " name",
                    "names are letters, digits, '_', '-', '+' and '.'");
        }
    }
}
