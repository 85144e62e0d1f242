package dev.hd.resolver;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything outside the stack repo that resolution depends on.
 *
 * @param overrides {@code k=v} from the command line: {@code name=value} overrides a global
 *                  parameter, {@code pkg.name=value} one package's parameter
 * @param platform  built-in parameters describing the machine ({@code platform}, {@code arch}),
 *                  visible to {@code when:} and {@code {{...}}} and hashed into every id
 * @param probes    runs host packages' probes
 * @param gitRefs   resolves floating git refs
 * @param develop   packages built from a local working directory instead of their spec's
 *                  sources ({@code hd develop}), with the tree key of that directory
 */
public record ResolveOptions(
        Map<String, String> overrides,
        Map<String, String> platform,
        ProbeRunner probes,
        GitRefResolver gitRefs,
        Map<String, Develop> develop) {

    /** A package in develop mode: its local directory and that directory's content key. */
    public record Develop(Path dir, SourceKey key) {
        public Develop {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(key, "key");
        }
    }

    public ResolveOptions {
        overrides = Map.copyOf(overrides);
        platform = java.util.Collections.unmodifiableMap(new TreeMap<>(platform));
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(gitRefs, "gitRefs");
        develop = Map.copyOf(develop);
    }

    /** Linux on x86_64, no overrides, no probes, no git: what unit tests use. */
    public static ResolveOptions defaults() {
        return new ResolveOptions(Map.of(), Map.of("platform", "linux", "arch", "x86_64"),
                ProbeRunner.NONE, GitRefResolver.NONE, Map.of());
    }

    public ResolveOptions withOverrides(Map<String, String> o) {
        return new ResolveOptions(o, platform, probes, gitRefs, develop);
    }

    public ResolveOptions withProbes(ProbeRunner p) {
        return new ResolveOptions(overrides, platform, p, gitRefs, develop);
    }

    public ResolveOptions withGitRefs(GitRefResolver g) {
        return new ResolveOptions(overrides, platform, probes, g, develop);
    }

    public ResolveOptions withDevelop(Map<String, Develop> d) {
        return new ResolveOptions(overrides, platform, probes, gitRefs, d);
    }
}
