package dev.hd.builder;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The variables a shell needs to use a profile: {@code PATH}, {@code MANPATH},
 * {@code PKG_CONFIG_PATH}, {@code CMAKE_PREFIX_PATH} and {@code HD_PROFILE}. Never
 * {@code LD_LIBRARY_PATH}: artifacts find their libraries through their rpaths. The CLI
 * writes these in the syntax of each shell.
 */
public final class ProfileEnv {
    private ProfileEnv() {
    }

    /** How a value combines with what the shell already has. */
    public enum Mode {
        /** replace the variable */
        SET,
        /** put the values in front of the variable's current entries (':'-separated) */
        PREPEND,
        /** like PREPEND, but an unset variable ends with an empty entry: man's "and the defaults" */
        PREPEND_KEEP_DEFAULT
    }

    /** One variable: its values, in order, and how they combine with the current value. */
    public record Var(String name, List<String> values, Mode mode) {
        public Var {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
            Objects.requireNonNull(mode, "mode");
        }
    }

    /**
     * The variables for the profile reached through {@code profile} (usually the profile link,
     * so that a later switch needs no new shell).
     */
    public static List<Var> of(Path profile) {
        String p = profile.toString();
        return List.of(
                new Var("PATH", List.of(profile.resolve("bin").toString()), Mode.PREPEND),
                new Var("MANPATH", List.of(profile.resolve("share/man").toString()), Mode.PREPEND_KEEP_DEFAULT),
                new Var("PKG_CONFIG_PATH", List.of(profile.resolve("lib/pkgconfig").toString(),
                        profile.resolve("share/pkgconfig").toString()), Mode.PREPEND),
                new Var("CMAKE_PREFIX_PATH", List.of(p), Mode.PREPEND),
                new Var("HD_PROFILE", List.of(p), Mode.SET));
    }
}
