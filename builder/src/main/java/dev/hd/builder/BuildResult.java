package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link Builder#build} did. Every package of the stack is in exactly one list.
 *
 * @param built    built by this run, in the order they finished
 * @param upToDate already complete (or finished meanwhile by another process), stack order
 * @param failed   could not be built
 * @param blocked  not built because something they need failed, or because the run stopped
 *                 at the first failure (no {@code --keep-going}); stack order
 */
public record BuildResult(List<ResolvedPackage> built, List<ResolvedPackage> upToDate,
                          List<BuildFailure> failed, List<ResolvedPackage> blocked) {

    public BuildResult {
        built = List.copyOf(built);
        upToDate = List.copyOf(upToDate);
        failed = List.copyOf(failed);
        blocked = List.copyOf(blocked);
    }

    /** Whether every package of the stack is built. */
    public boolean ok() {
        return failed.isEmpty() && blocked.isEmpty();
    }

    /** The blocked packages that need {@code failure}'s package, directly or through others. */
    public List<ResolvedPackage> blockedBy(BuildFailure failure) {
        Set<String> down = new HashSet<>();
        down.add(failure.pkg().name());
        List<ResolvedPackage> out = new ArrayList<>();
        // blocked is in dependency order, so one pass sees every path from the failure
        for (ResolvedPackage p : blocked) {
            for (String dep : p.buildEnv()) {
                if (down.contains(dep)) {
                    down.add(p.name());
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }
}
