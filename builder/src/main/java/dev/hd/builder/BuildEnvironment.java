package dev.hd.builder;

import dev.hd.resolver.EnvAction;
import dev.hd.resolver.ResolvedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment of a build, computed from nothing but the stack and the store: the JVM's
 * own environment never leaks in. In order (later entries override earlier ones):
 * <ol>
 * <li>{@link BuildOptions#hostEnv()};</li>
 * <li>{@code PATH} (each dependency's {@code bin/}, nearest first, then {@code /usr/bin:/bin}),
 *     {@code CPPFLAGS} ({@code -I}), {@code LDFLAGS} ({@code -L} and {@code -Wl,-rpath,}, so
 *     programs find their libraries without {@code LD_LIBRARY_PATH}), {@code PKG_CONFIG_PATH},
 *     {@code <NAME>_DIR} per dependency, {@code ARTIFACT}, {@code BUILD}, {@code HD_JOBS},
 *     {@code SOURCE_DATE_EPOCH}, {@code HOME} and {@code TMPDIR} (scratch inside the build
 *     directory), {@code LANG=C}, {@code LC_ALL=C}, {@code TZ=UTC}, {@code SHELL=/bin/bash};</li>
 * <li>each dependency's {@code when_build_dependency} actions, dependencies first;</li>
 * <li>the package's own {@code env}.</li>
 * </ol>
 * "Nearest first" is the reverse of {@link ResolvedPackage#buildEnv()} (which lists
 * dependencies before their dependents), so a package's direct dependencies shadow what they
 * themselves were built with. Only directories that exist in a dependency's artifact are
 * added, so that binaries do not carry rpath entries that point at nothing.
 */
final class BuildEnvironment {
    /** The host directories every build may use, after the dependencies' bin/. */
    static final String HOST_PATH = "/usr/bin:/bin";
    static final String HOME_DIR = ".hd-home";
    static final String TMP_DIR = ".hd-tmp";

    private static final int BIN = 1;
    private static final int INCLUDE = 2;
    private static final int LIB = 4;
    private static final int LIB64 = 8;
    private static final int LIB_PKGCONFIG = 16;
    private static final int SHARE_PKGCONFIG = 32;

    private final Store store;
    private final Map<String, ResolvedPackage> byName;
    private final BuildOptions options;
    /** Which standard directories each dependency artifact has: a few stats per artifact per run. */
    private final Map<Path, Integer> layouts = new ConcurrentHashMap<>();

    BuildEnvironment(Store store, Map<String, ResolvedPackage> byName, BuildOptions options) {
        this.store = store;
        this.byName = byName;
        this.options = options;
    }

    Map<String, String> of(ResolvedPackage pkg, Path buildDir) {
        Map<String, String> env = new LinkedHashMap<>(options.hostEnv());
        List<ResolvedPackage> deps = new ArrayList<>(pkg.buildEnv().size());
        for (String d : pkg.buildEnv()) {
            ResolvedPackage dep = byName.get(d);
            if (dep == null) {
                throw new IllegalArgumentException(pkg.name() + " needs " + d + ", which is not in the stack");
            }
            deps.add(dep);
        }
        StringBuilder path = new StringBuilder();
        StringBuilder cpp = new StringBuilder();
        StringBuilder ld = new StringBuilder();
        StringBuilder pkgConfig = new StringBuilder();
        for (int i = deps.size() - 1; i >= 0; i--) {
            Path a = artifact(deps.get(i));
            int layout = layout(a);
            if ((layout & BIN) != 0) {
                join(path, ":", a.resolve("bin").toString());
            }
            if ((layout & INCLUDE) != 0) {
                join(cpp, " ", "-I" + a.resolve("include"));
            }
            for (int bit : new int[] {LIB, LIB64}) {
                if ((layout & bit) != 0) {
                    String lib = a.resolve(bit == LIB ? "lib" : "lib64").toString();
                    join(ld, " ", "-L" + lib);
                    join(ld, " ", "-Wl,-rpath," + lib);
                }
            }
            if ((layout & LIB_PKGCONFIG) != 0) {
                join(pkgConfig, ":", a.resolve("lib/pkgconfig").toString());
            }
            if ((layout & SHARE_PKGCONFIG) != 0) {
                join(pkgConfig, ":", a.resolve("share/pkgconfig").toString());
            }
        }
        join(path, ":", HOST_PATH);
        env.put("PATH", path.toString());
        putIfNotEmpty(env, "CPPFLAGS", cpp);
        putIfNotEmpty(env, "LDFLAGS", ld);
        putIfNotEmpty(env, "PKG_CONFIG_PATH", pkgConfig);
        for (ResolvedPackage dep : deps) {
            env.put(dirVariable(dep.name()), artifact(dep).toString());
        }
        env.put("ARTIFACT", artifact(pkg).toString());
        env.put("BUILD", buildDir.toString());
        env.put("HD_JOBS", Integer.toString(options.jobs()));
        env.put("SOURCE_DATE_EPOCH", Long.toString(options.sourceDateEpoch()));
        env.put("HOME", buildDir.resolve(HOME_DIR).toString());
        env.put("TMPDIR", buildDir.resolve(TMP_DIR).toString());
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        env.put("TZ", "UTC");
        env.put("SHELL", "/bin/bash");
        for (ResolvedPackage dep : deps) {
            String dir = artifact(dep).toString();
            for (EnvAction a : dep.whenBuildDependency()) {
                apply(env, a, dir);
            }
        }
        env.putAll(pkg.env());
        return env;
    }

    static void apply(Map<String, String> env, EnvAction a, String artifactDir) {
        String v = a.valueFor(artifactDir);
        String old = env.get(a.variable());
        boolean empty = old == null || old.isEmpty();
        switch (a.op()) {
            case SET -> env.put(a.variable(), v);
            case PREPEND_PATH -> env.put(a.variable(), empty ? v : v + ":" + old);
            case APPEND_PATH -> env.put(a.variable(), empty ? v : old + ":" + v);
            default -> throw new IllegalStateException("unknown action " + a.op());
        }
    }

    /** {@code <NAME>_DIR}: upper case, anything but letters and digits becomes '_'. */
    static String dirVariable(String packageName) {
        StringBuilder sb = new StringBuilder(packageName.length() + 5);
        if (!packageName.isEmpty() && Character.isDigit(packageName.charAt(0))) {
            sb.append('_'); // a shell variable cannot start with a digit
        }
        for (int i = 0; i < packageName.length(); i++) {
            char c = packageName.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    ? Character.toUpperCase(c) : '_');
        }
        return sb.append("_DIR").toString().toUpperCase(Locale.ROOT);
    }

    private Path artifact(ResolvedPackage p) {
        return store.artifact(p.name(), p.id());
    }

    private int layout(Path artifact) {
        return layouts.computeIfAbsent(artifact, a -> {
            int l = 0;
            l |= Files.isDirectory(a.resolve("bin")) ? BIN : 0;
            l |= Files.isDirectory(a.resolve("include")) ? INCLUDE : 0;
            l |= Files.isDirectory(a.resolve("lib")) ? LIB : 0;
            l |= Files.isDirectory(a.resolve("lib64")) ? LIB64 : 0;
            l |= Files.isDirectory(a.resolve("lib/pkgconfig")) ? LIB_PKGCONFIG : 0;
            l |= Files.isDirectory(a.resolve("share/pkgconfig")) ? SHARE_PKGCONFIG : 0;
            return l;
        });
    }

    private static void join(StringBuilder sb, String sep, String item) {
        if (sb.length() > 0) {
            sb.append(sep);
        }
        sb.append(item);
    }

    private static void putIfNotEmpty(Map<String, String> env, String k, StringBuilder v) {
        if (v.length() > 0) {
            env.put(k, v.toString());
        }
    }

    /** The environment as bash lines a person can source to reproduce the build. */
    static String exportLines(Map<String, String> env) {
        StringBuilder sb = new StringBuilder(env.size() * 64);
        sb.append("# the environment hd gave this build (nothing else was set)\n");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            sb.append("export ").append(e.getKey()).append('=').append(shellQuote(e.getValue())).append('\n');
        }
        return sb.toString();
    }

    static String shellQuote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+:,=@%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The script bash runs: the stages in order, each announcing itself on stdout (so the log
     * and the listener know where a build is) and recording in {@code HD_STAGE} where it is,
     * and an ERR trap that prints which command failed (so failures name stage and command).
     */
    static String script(ResolvedPackage pkg) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("# hd build script of ").append(pkg.label()).append(" (").append(pkg.id().value()).append(")\n");
        sb.append("set -e\n");
        sb.append("trap 'printf \"").append(FAILED_PREFIX)
                .append("stage=%s exit=%d command=%s\\n\" \"$HD_STAGE\" \"$?\" \"$BASH_COMMAND\" >&2' ERR\n");
        sb.append("HD_STAGE=\n");
        for (var s : pkg.stages()) {
            String q = shellQuote(s.name());
            sb.append("# --- stage: ").append(s.name()).append('\n');
            sb.append("HD_STAGE=").append(q).append("; printf '").append(STAGE_PREFIX).append("%s\\n' ")
                    .append(q).append('\n');
            sb.append(s.bash());
            if (!s.bash().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The line the ERR trap prints: {@code hd-failed: stage=S exit=N command=C}. */
    static final String FAILED_PREFIX = "hd-failed: ";
    /** The line each stage prints when it begins: {@code hd-stage: S}. */
    static final String STAGE_PREFIX = "hd-stage: ";
}
