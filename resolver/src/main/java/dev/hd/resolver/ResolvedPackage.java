package dev.hd.resolver;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A package of a resolved stack: everything the builder needs, plus the canonical build spec
 * whose hash is {@link #id()}.
 *
 * @param name          the name in the profile (what other specs depend on)
 * @param specName      the spec that satisfies it ({@code use:}), usually equal to {@code name}
 * @param version       the version, "" when the spec gives none
 * @param id            the artifact id: hash of {@code buildSpecJson}
 * @param buildSpecJson canonical JSON of the build spec (sorted keys, no whitespace)
 * @param origin        the spec file the package came from
 * @param sources       inputs, in the order they are unpacked
 * @param buildDeps     direct build dependencies (profile names), sorted
 * @param runDeps       direct run dependencies (profile names), sorted
 * @param buildEnv      every package whose artifact is visible in the build (direct build
 *                      dependencies and their run closure), dependencies before dependents
 * @param stages        the build stages, in execution order
 * @param env           extra variables for the build, in order
 * @param whenBuildDependency actions applied to the builds of packages that depend on this one
 * @param profileLinks  rules for this package's files in a profile (defaults when the spec has none)
 * @param host          a host package: nothing is built, the artifact only records the probe
 * @param parameters    the parameters in effect (those the spec refers to), sorted
 */
public record ResolvedPackage(
        String name,
        String specName,
        String version,
        ArtifactId id,
        String buildSpecJson,
        SpecLocation origin,
        List<Source> sources,
        List<String> buildDeps,
        List<String> runDeps,
        List<String> buildEnv,
        List<Stage> stages,
        Map<String, String> env,
        List<EnvAction> whenBuildDependency,
        List<LinkRule> profileLinks,
        boolean host,
        Map<String, String> parameters) {

    public ResolvedPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        sources = List.copyOf(sources);
        buildDeps = List.copyOf(buildDeps);
        runDeps = List.copyOf(runDeps);
        buildEnv = List.copyOf(buildEnv);
        stages = List.copyOf(stages);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        whenBuildDependency = List.copyOf(whenBuildDependency);
        profileLinks = List.copyOf(profileLinks);
        parameters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(parameters));
    }

    /** The stages joined into the one script the builder runs with {@code bash -e}. */
    public String script() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("set -e\n");
        for (Stage s : stages) {
            sb.append("# --- stage: ").append(s.name()).append('\n');
            sb.append(s.bash());
            if (!s.bash().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code name-version} or just the name, for messages. */
    public String label() {
        return version.isEmpty() ? name : name + "-" + version;
    }
}
