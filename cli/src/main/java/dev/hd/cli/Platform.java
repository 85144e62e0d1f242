package dev.hd.cli;

import dev.hd.resolver.GitRefResolver;
import dev.hd.builder.HostProbe;
import dev.hd.resolver.ResolveOptions;
import java.util.Locale;
import java.util.Map;

/** The machine's built-in parameters ({@code platform}, {@code arch}). */
final class Platform {
    private Platform() {
    }

    static String os() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "linux";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "darwin";
        }
        return os.replaceAll("[^a-z0-9]", "");
    }

    static String arch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> a;
        };
    }

    /** Resolution options for this machine: its platform, and host probes run with bash. */
    static ResolveOptions options(Main main) {
        return new ResolveOptions(Map.of(), Map.of("platform", os(), "arch", arch()),
                HostProbe.standard(main.ctx().env("HOME")), GitRefResolver.NONE, Map.of());
    }
}
