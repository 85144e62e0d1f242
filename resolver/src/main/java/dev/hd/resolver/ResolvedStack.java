package dev.hd.resolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The result of resolving a stack: its packages in dependency order (dependencies first, ties
 * by name) and which of them make up the profile.
 *
 * @param source          where the specs were read from (for exporting {@code path:} sources)
 * @param parameters      the global parameters in effect, overrides applied
 * @param packages        all packages to build, dependencies first
 * @param profilePackages the names whose artifacts enter the profile (the packages the stack
 *                        lists and their run closure), sorted
 * @param profileLinks    stack-wide rules tried before each package's own (e.g. to settle a
 *                        conflict between two packages)
 * @param listed          the packages stack.yaml (with the profiles it extends) lists, sorted:
 *                        the roots of the profile, which {@code hd why} starts from
 */
public record ResolvedStack(
        SpecSource source,
        Map<String, String> parameters,
        List<ResolvedPackage> packages,
        List<String> profilePackages,
        List<LinkRule> profileLinks,
        List<String> listed) {

    public ResolvedStack {
        parameters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(parameters));
        packages = List.copyOf(packages);
        profilePackages = List.copyOf(profilePackages);
        profileLinks = List.copyOf(profileLinks);
        listed = List.copyOf(new java.util.TreeSet<>(listed));
    }

    /**
     * A stack made without a profile file (test fixtures): every profile package counts as
     * listed.
     */
    public ResolvedStack(SpecSource source, Map<String, String> parameters, List<ResolvedPackage> packages,
                         List<String> profilePackages, List<LinkRule> profileLinks) {
        this(source, parameters, packages, profilePackages, profileLinks, profilePackages);
    }

    /** Packages by name, in dependency order. */
    public Map<String, ResolvedPackage> byName() {
        Map<String, ResolvedPackage> m = new LinkedHashMap<>();
        for (ResolvedPackage p : packages) {
            m.put(p.name(), p);
        }
        return m;
    }

    public ResolvedPackage get(String name) {
        for (ResolvedPackage p : packages) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new NoSuchElementException("no package " + name);
    }
}
