package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ProfileEnv#apply}: a process environment that matches what the shell lines of hd env make. */
class ProfileEnvTest {
    @Test
    void prependsKeepsTheCallersEntriesAndManKeepsItsDefaults() {
        Path p = Path.of("/store/profiles/abc");
        Map<String, String> env = ProfileEnv.apply(ProfileEnv.of(p),
                Map.of("PATH", "/usr/bin:/bin", "HD_PROFILE", "/old", "HOME", "/home/u"));
        assertEquals("/store/profiles/abc/bin:/usr/bin:/bin", env.get("PATH"));
        assertEquals("/store/profiles/abc/share/man:", env.get("MANPATH"), "an empty last entry: man's defaults");
        assertEquals("/store/profiles/abc/lib/pkgconfig:/store/profiles/abc/share/pkgconfig", env.get("PKG_CONFIG_PATH"));
        assertEquals("/store/profiles/abc", env.get("CMAKE_PREFIX_PATH"));
        assertEquals("/store/profiles/abc", env.get("HD_PROFILE"));
        assertEquals("/home/u", env.get("HOME"));

        Map<String, String> withMan = ProfileEnv.apply(ProfileEnv.of(p), Map.of("MANPATH", "/usr/man", "PATH", ""));
        assertEquals("/store/profiles/abc/share/man:/usr/man", withMan.get("MANPATH"));
        assertEquals("/store/profiles/abc/bin", withMan.get("PATH"), "no empty entry (the current directory) after ours");
    }
}
