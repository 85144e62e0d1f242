package dev.hd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hd.builder.ProfileEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvCommandTest {
    private static final List<ProfileEnv.Var> VARS = ProfileEnv.of(Path.of("/s/it's here/.hd/profile"));

    @Test
    void posixShellsGetExportsThatKeepWhatIsThere() {
        List<String> l = EnvCommand.lines(VARS, EnvCommand.ShellType.bash);
        assertEquals("export PATH='/s/it'\\''s here/.hd/profile/bin'\"${PATH:+:$PATH}\"", l.get(0));
        assertEquals("export MANPATH='/s/it'\\''s here/.hd/profile/share/man'\":${MANPATH}\"", l.get(1));
        assertEquals("export HD_PROFILE='/s/it'\\''s here/.hd/profile'", l.get(4));
        assertEquals(l, EnvCommand.lines(VARS, EnvCommand.ShellType.zsh));
    }

    @Test
    void fishGetsLists() {
        List<String> l = EnvCommand.lines(VARS, EnvCommand.ShellType.fish);
        assertEquals("set -gx PATH '/s/it\\'s here/.hd/profile/bin' $PATH", l.get(0));
        assertEquals("set -gx PKG_CONFIG_PATH '/s/it\\'s here/.hd/profile/lib/pkgconfig'"
                + " '/s/it\\'s here/.hd/profile/share/pkgconfig' $PKG_CONFIG_PATH", l.get(2));
        assertEquals("if set -q MANPATH; set -gx MANPATH '/s/it\\'s here/.hd/profile/share/man' $MANPATH;"
                + " else; set -gx MANPATH '/s/it\\'s here/.hd/profile/share/man' ''; end", l.get(1));
    }

    @Test
    void staleProfilesAreFlaggedAndTheFlagIsClearedOtherwise() {
        assertEquals("export HD_STALE=1", EnvCommand.staleLine(true, EnvCommand.ShellType.bash));
        assertEquals("unset HD_STALE", EnvCommand.staleLine(false, EnvCommand.ShellType.zsh));
        assertEquals("set -gx HD_STALE 1", EnvCommand.staleLine(true, EnvCommand.ShellType.fish));
        assertEquals("set -e HD_STALE", EnvCommand.staleLine(false, EnvCommand.ShellType.fish));
    }

    @Test
    void theShellComesFromShellWhenNotGiven() {
        assertEquals(EnvCommand.ShellType.fish, EnvCommand.fromEnv("/usr/bin/fish"));
        assertEquals(EnvCommand.ShellType.zsh, EnvCommand.fromEnv("/bin/zsh"));
        assertEquals(EnvCommand.ShellType.bash, EnvCommand.fromEnv("/bin/sh"));
        assertEquals(EnvCommand.ShellType.bash, EnvCommand.fromEnv(null));
    }
}
