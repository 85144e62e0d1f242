package dev.hd.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksTest {
    @TempDir
    Path tmp;
    Path hooks;
    Hooks.Config config;

    @BeforeEach
    void setUp() {
        hooks = tmp.resolve("hooks");
        config = new Hooks.Config(tmp.resolve("my store's dir"), "/opt/hd/bin/hd", "0123456789abcdef", false,
                tmp.resolve("the repo"), "00112233aabbccdd");
    }

    private static List<Hooks.Action> actions(List<Hooks.Change> cs) {
        return cs.stream().map(Hooks.Change::action).toList();
    }

    @Test
    void installsExecutableScriptsThatKnowTheirSettings() throws Exception {
        List<Hooks.Change> cs = Hooks.install(hooks, config);
        assertEquals(List.of(Hooks.Action.INSTALLED, Hooks.Action.INSTALLED, Hooks.Action.INSTALLED), actions(cs));
        for (String name : Hooks.NAMES) {
            Path h = hooks.resolve(name);
            assertTrue(Files.isExecutable(h), name);
            String text = Files.readString(h);
            assertTrue(text.startsWith("#!/bin/sh\n# hd-hook 1:"), text);
            assertTrue(text.contains("\nhd_hook=" + name + "\n"), text);
            assertTrue(text.contains("\nhd_store='" + tmp.resolve("my store's dir").toString().replace("'", "'\\''") + "'\n"), text);
            assertFalse(java.util.regex.Pattern.compile("@[A-Z]+@").matcher(text).find(), "every placeholder is filled");
        }
        List<Hooks.Hook> st = Hooks.status(hooks);
        assertEquals(3, st.size());
        for (Hooks.Hook h : st) {
            assertEquals(Hooks.State.HD, h.state());
            assertFalse(h.chains());
            assertEquals(Optional.of(config), h.config(), "read back, quotes and all");
        }
    }

    @Test
    void installingAgainIsIdempotentAndTakesNewSettings() throws Exception {
        Hooks.install(hooks, config);
        assertEquals(List.of(Hooks.Action.UNCHANGED, Hooks.Action.UNCHANGED, Hooks.Action.UNCHANGED),
                actions(Hooks.install(hooks, config)));
        Hooks.Config build = new Hooks.Config(config.store(), config.hdCommand(), config.context(), true, config.topLevel(),
                config.repoKey());
        assertEquals(List.of(Hooks.Action.UPDATED, Hooks.Action.UPDATED, Hooks.Action.UPDATED), actions(Hooks.install(hooks, build)));
        assertEquals(Optional.of(build), Hooks.status(hooks).get(0).config());
        try (var files = Files.list(hooks)) {
            assertEquals(3, files.count(), "no chained copies of hd's own hooks, no temporary files");
        }
    }

    @Test
    void anExistingHookIsChainedAndPutBackByteForByteWithItsModeAndTime() throws Exception {
        Files.createDirectories(hooks);
        Path mine = hooks.resolve("post-checkout");
        byte[] bytes = "#!/bin/sh\r\necho 'my hook' \"$@\"\n\u00e9\u0000".getBytes(StandardCharsets.UTF_8);
        Files.write(mine, bytes);
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-x---"));
        FileTime time = FileTime.fromMillis(1_234_567_000L);
        Files.setLastModifiedTime(mine, time);
        // a hook that is a symbolic link stays one
        Files.writeString(tmp.resolve("shared-merge-hook"), "#!/bin/sh\necho merged\n");
        Files.createSymbolicLink(hooks.resolve("post-merge"), Path.of("../shared-merge-hook"));

        List<Hooks.Change> cs = Hooks.install(hooks, config);
        assertEquals(List.of(true, true, false), cs.stream().map(Hooks.Change::chained).toList());
        assertEquals(Hooks.State.HD, Hooks.state(mine));
        assertArrayEquals(bytes, Files.readAllBytes(hooks.resolve("post-checkout.hd-chained")));
        assertTrue(Files.isSymbolicLink(hooks.resolve("post-merge.hd-chained")));
        assertTrue(Hooks.status(hooks).get(0).chains());

        Hooks.install(hooks, config); // again: the chained hook is not chained twice
        assertArrayEquals(bytes, Files.readAllBytes(hooks.resolve("post-checkout.hd-chained")));

        List<Hooks.Change> un = Hooks.uninstall(hooks);
        assertEquals(List.of(Hooks.Action.REMOVED, Hooks.Action.REMOVED, Hooks.Action.REMOVED), actions(un));
        assertEquals(List.of(true, true, false), un.stream().map(Hooks.Change::chained).toList());
        assertArrayEquals(bytes, Files.readAllBytes(mine));
        assertEquals(PosixFilePermissions.fromString("rwxr-x---"), Files.getPosixFilePermissions(mine));
        assertEquals(time, Files.getLastModifiedTime(mine));
        assertEquals(Path.of("../shared-merge-hook"), Files.readSymbolicLink(hooks.resolve("post-merge")));
        assertFalse(Files.exists(hooks.resolve("post-rewrite"), LinkOption.NOFOLLOW_LINKS));
        try (var files = Files.list(hooks)) {
            assertEquals(2, files.count());
        }
        assertEquals(List.of(Hooks.Action.LEFT_ALONE, Hooks.Action.LEFT_ALONE, Hooks.Action.NOTHING),
                actions(Hooks.uninstall(hooks)), "uninstalling twice touches nothing");
    }

    @Test
    void aForeignHookWhereAChainedOneIsKeptIsRefusedBeforeAnythingChanges() throws Exception {
        Files.createDirectories(hooks);
        Files.writeString(hooks.resolve("post-rewrite"), "#!/bin/sh\necho original\n");
        Hooks.install(hooks, config);
        Files.writeString(hooks.resolve("post-rewrite"), "#!/bin/sh\necho another tool replaced hd's hook\n");
        HookException e = assertThrows(HookException.class, () -> Hooks.install(hooks, config));
        assertTrue(e.getMessage().contains("post-rewrite is not hd's hook"), e.getMessage());
        assertTrue(e.hint().contains("hd hooks install"), e.hint());
        assertEquals("#!/bin/sh\necho original\n", Files.readString(hooks.resolve("post-rewrite.hd-chained")));
        assertEquals(Hooks.State.FOREIGN, Hooks.status(hooks).get(2).state());
        // uninstall leaves the foreign hook and what it sits on alone
        List<Hooks.Change> un = Hooks.uninstall(hooks);
        assertEquals(Hooks.Action.LEFT_ALONE, un.get(2).action());
        assertTrue(Files.exists(hooks.resolve("post-rewrite.hd-chained")));
    }

    @Test
    void aChainedHookWhoseHdHookWasDeletedIsRestoredOnUninstall() throws Exception {
        Files.createDirectories(hooks);
        Files.writeString(hooks.resolve("post-merge"), "#!/bin/sh\necho mine\n");
        Hooks.install(hooks, config);
        Files.delete(hooks.resolve("post-merge"));
        assertEquals(Hooks.Action.RESTORED, Hooks.uninstall(hooks).get(1).action());
        assertEquals("#!/bin/sh\necho mine\n", Files.readString(hooks.resolve("post-merge")));
    }

    @Test
    void shellQuotingRoundTrips() {
        for (String s : List.of("plain", "/with space/x", "it's", "''", "a'b'c", "$HOME `x` \"q\"")) {
            assertEquals(Optional.of(s), Hooks.shellUnquote(Hooks.shellQuote(s)), s);
        }
        assertEquals(Optional.empty(), Hooks.shellUnquote("$(rm -rf x)"));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Hooks.Config(Path.of("rel"), "hd", "0123456789abcdef", false,
                tmp, "0123456789abcdef"));
        assertThrows(IllegalArgumentException.class, () -> new Hooks.Config(tmp, "hd", "x';rm -rf /;'", false,
                tmp, "0123456789abcdef"));
        assertThrows(IllegalArgumentException.class, () -> new Hooks.Config(tmp, "hd", "0123456789abcdef", false,
                tmp, "$(reboot)"));
    }
}
