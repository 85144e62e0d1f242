package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationsTest {
    @TempDir
    Path tmp;
    Store store;
    Profiles profiles;
    Generations gens;
    Path link;
    ProfileId a;
    ProfileId b;
    ProfileId c;

    @BeforeEach
    void setUp() throws Exception {
        store = new Store(tmp.resolve("store"));
        profiles = new Profiles(store);
        gens = new Generations(store);
        link = tmp.resolve("stack/.hd/profile");
        a = profile("A");
        b = profile("B");
        c = profile("C");
    }

    /** A real, tiny profile whose only package's content is {@code tag}. */
    private ProfileId profile(String tag) throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("p").stage("build", "echo " + tag);
        ResolvedStack s = f.stack();
        Artifacts.publish(store, s.get("p"), "bin/p", tag);
        return profiles.create(s);
    }

    @Test
    void theKeyIsTheShellsSha256OfTheRealParentPlusTheName() throws Exception {
        Files.createDirectories(tmp.resolve("real/.hd"));
        Files.createSymbolicLink(tmp.resolve("alias"), tmp.resolve("real"));
        Path viaAlias = tmp.resolve("alias/.hd/profile");
        String path = tmp.resolve("real/.hd").toRealPath() + "/profile";
        String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(path.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        assertEquals(want, Generations.key(viaAlias));
        assertEquals(store.root().resolve("generations/" + want + ".log"), gens.logOf(viaAlias).orElseThrow());
        assertTrue(Generations.isLogName(want + ".log"));
        assertFalse(Generations.isLogName("x" + want.substring(1) + ".log"));
    }

    @Test
    void everySwitchAppendsALineAndRegistersTheRoot() throws Exception {
        gens.switchTo(link, a, Generations.dirDescription(tmp.resolve("stack")));
        gens.switchTo(link, b, Generations.revDescription("refs/heads/main", "0123456789abcdef0123456789abcdef01234567"));
        assertEquals(Optional.of(b), profiles.current(link));
        List<Generations.Generation> list = gens.list(link);
        assertEquals(2, list.size());
        assertEquals(a, list.get(0).profile());
        assertEquals("dir " + tmp.resolve("stack"), list.get(0).description());
        assertEquals("rev refs/heads/main 0123456789abcdef0123456789abcdef01234567", list.get(1).description());
        String text = Files.readString(gens.logOf(link).orElseThrow());
        assertTrue(text.matches("[0-9]+ " + a.value() + " dir [^\\n]+\\n[0-9]+ " + b.value() + " rev [^\\n]+\\n"), text);
        try (var s = Files.list(store.gcRootsDir())) {
            assertEquals(1, s.count(), "one root for the link");
        }
    }

    @Test
    void tornLinesAreSkippedButKeepTheirNumberAndTheNextRecordStartsOnItsOwnLine() throws Exception {
        gens.switchTo(link, a, "dir x");
        Path log = gens.logOf(link).orElseThrow();
        Files.writeString(log, "1700000000 " + b.value().substring(0, 10), StandardOpenOption.APPEND); // torn
        gens.switchTo(link, c, "dir y");
        List<Generations.Generation> list = gens.list(link);
        assertEquals(List.of(1, 3), list.stream().map(Generations.Generation::number).toList());
        assertEquals(c, list.get(1).profile());
        assertEquals("dir y", list.get(1).description());
    }

    @Test
    void parseAcceptsTheShellHooksLinesAndRejectsGarbage() {
        String text = "1700000000 " + a.value() + " rev refs/heads/main abc\n"
                + "garbage\n"
                + "1700000001 " + b.value() + "\n"
                + "17x " + c.value() + " dir z\n"
                + "1700000003 " + c.value() + " dir with  two spaces";
        List<Generations.Generation> g = Generations.parse(text);
        assertEquals(List.of(1, 3, 5), g.stream().map(Generations.Generation::number).toList());
        assertEquals("", g.get(1).description());
        assertEquals("dir with  two spaces", g.get(2).description(), "the description is the rest of the line");
        assertEquals(1700000000L, g.get(0).epochSeconds());
    }

    @Test
    void rollbackGoesBackOneGenerationAtATimeLikeNix() throws Exception {
        gens.switchTo(link, a, "dir 1");
        gens.switchTo(link, b, "dir 2");
        gens.switchTo(link, c, "dir 3");
        assertEquals(2, gens.rollback(link, OptionalInt.empty()).number());
        assertEquals(Optional.of(b), profiles.current(link));
        assertEquals(1, gens.rollback(link, OptionalInt.empty()).number(), "again: further back, not to 3");
        assertEquals(Optional.of(a), profiles.current(link));
        HdException none = assertThrows(HdException.class, () -> gens.rollback(link, OptionalInt.empty()));
        assertTrue(none.getMessage().contains("no older generation"), none.getMessage());
        assertEquals(3, gens.rollback(link, OptionalInt.of(3)).number());
        assertEquals(Optional.of(c), profiles.current(link));
        List<Generations.Generation> list = gens.list(link);
        assertEquals(List.of("dir 1", "dir 2", "dir 3", "rollback 2", "rollback 1", "rollback 3"),
                list.stream().map(Generations.Generation::description).toList());
        assertEquals(2, gens.rollback(link, OptionalInt.empty()).number(), "after rollback 3 we stand at 3");
    }

    @Test
    void rollbackSkipsTheCurrentProfileAndSaysWhatToRebuildWhenItsProfileIsGone() throws Exception {
        gens.switchTo(link, a, "dir /s/one");
        gens.switchTo(link, b, "dir /s/two");
        gens.switchTo(link, b, "dir /s/two");
        assertEquals(1, gens.rollbackTarget(link, OptionalInt.empty()).number(), "generation 2 is what we have");
        Fs.deleteRecursively(store.profile(a));
        HdException gone = assertThrows(HdException.class, () -> gens.rollbackTarget(link, OptionalInt.empty()));
        assertTrue(gone.getMessage().contains("hd gc removed"), gone.getMessage());
        assertEquals("rebuild it with: hd build /s/one", gone.hint());
        HdException explicit = assertThrows(HdException.class, () -> gens.rollbackTarget(link, OptionalInt.of(1)));
        assertTrue(explicit.getMessage().contains("generation 1"), explicit.getMessage());
        HdException missing = assertThrows(HdException.class, () -> gens.rollbackTarget(link, OptionalInt.of(9)));
        assertTrue(missing.getMessage().contains("no generation 9"), missing.getMessage());
    }

    @Test
    void aLinkWhoseRecordWasLostRollsBackToTheNewestRecordedProfile() throws Exception {
        gens.switchTo(link, a, "dir 1");
        gens.switchTo(link, b, "dir 2");
        profiles.switchLink(link, c); // a crash between the switch and its record
        assertEquals(Optional.empty(), Generations.current(gens.list(link), profiles.current(link)));
        assertEquals(2, gens.rollbackTarget(link, OptionalInt.empty()).number());
    }

    @Test
    void aSwitchMarksTheProfileActivated() throws Exception {
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(store.profile(a), old);
        assertEquals(old.toInstant(), gens.lastActivated(a).orElseThrow());
        gens.switchTo(link, a, "dir 1");
        assertTrue(gens.lastActivated(a).orElseThrow().isAfter(old.toInstant()));
        assertEquals(Optional.empty(), gens.lastActivated(new ProfileId("a".repeat(32))));
    }

    @Test
    void noLogNoGenerations() throws Exception {
        assertEquals(List.of(), gens.list(tmp.resolve("nowhere/.hd/profile")));
        HdException e = assertThrows(HdException.class, () -> gens.rollback(link, OptionalInt.empty()));
        assertTrue(e.getMessage().startsWith("no generations recorded"), e.getMessage());
    }
}
