package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;

/**
 * What a build of a package would be given, computed without building: the script bash would
 * run and the environment it would get. For {@code hd show} when the package has no artifact
 * yet (a built artifact keeps both in its {@code .hd/}: {@link Store#buildScript},
 * {@link Store#buildEnvFile}).
 */
public final class BuildFiles {
    private BuildFiles() {
    }

    /** The build script, as {@code .hd/build.sh} would hold it. */
    public static String script(ResolvedPackage pkg) {
        return BuildEnvironment.script(pkg);
    }

    /**
     * The build environment as sorted {@code export K='v'} lines, as {@code .hd/build-env}
     * would hold them. Dependencies not built yet add nothing of their directories (the
     * build adds only directories their artifacts have).
     */
    public static String environment(Store store, ResolvedStack stack, ResolvedPackage pkg, BuildOptions options) {
        return BuildEnvironment.exportLines(new BuildEnvironment(store, stack.byName(), options)
                .of(pkg, store.buildDir(pkg.id())));
    }
}
