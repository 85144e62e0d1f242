package dev.hd.resolver;

import java.util.Objects;

/** One resolved build stage: its name and the bash it runs, parameters already expanded. */
public record Stage(String name, String bash) {
    public Stage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bash, "bash");
    }
}
