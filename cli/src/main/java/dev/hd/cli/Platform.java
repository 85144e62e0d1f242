package dev.hd.cli;

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

    /**
     * Resolution options for this machine: its platform, host probes run with bash, floating
     * git refs read from the store's mirrors (docs/upstream.md). No develop state: commands
     * that build a checkout add it with {@link Upstream#apply}.
     */
    static ResolveOptions options(Main main) {
        return new ResolveOptions(Map.of(), Map.of("platform", os(), "arch", arch()),
                HostProbe.standard(main.ctx().env("HOME")), Upstream.refResolver(main), Map.of());
    }
}
