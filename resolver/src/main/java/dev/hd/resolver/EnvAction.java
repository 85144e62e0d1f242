package dev.hd.resolver;

import java.util.Objects;

/**
 * A change to a build's environment that a package asks for in the builds of the packages
 * depending on it ({@code when_build_dependency}). In {@code value}, {@code ${ARTIFACT}} stands
 * for the artifact directory of the package that declares the action.
 */
public record EnvAction(Op op, String variable, String value) {

    /** How the value combines with what the variable already holds. */
    public enum Op {
        SET("set"), PREPEND_PATH("prepend_path"), APPEND_PATH("append_path");

        private final String yamlName;

        Op(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    public EnvAction {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(value, "value");
    }

    /** The value with {@code ${ARTIFACT}} replaced by the given directory. */
    public String valueFor(String artifactDir) {
        return value.replace("${ARTIFACT}", artifactDir);
    }
}
