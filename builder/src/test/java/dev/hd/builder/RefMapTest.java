package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefMapTest {
    static final String TOP = "/home/me/stack-repo";
    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);
    static final String T1 = "a".repeat(40);
    static final String CTX = RefMap.contextKey("linux", "x86_64", "/home/me");

    @TempDir
    Path tmp;
    Store store;
    RefMap refs;
    ProfileId p1;
    ProfileId p2;

    @BeforeEach
    void setUp() throws Exception {
        store = new Store(tmp.resolve("store"));
        refs = new RefMap(store);
        p1 = profile("p");
        p2 = profile("q");
    }

    private ProfileId profile(String letter) throws Exception {
        ProfileId id = new ProfileId(letter.repeat(32));
        Files.createDirectories(store.profile(id));
        return id;
    }

    @Test
    void keysAreWhatTheShellComputes() {
        // printf %s /home/me/stack-repo | sha256sum | cut -c1-16
        assertEquals("909c8c143ade3751", RefMap.repoKey(TOP));
        assertEquals(RefMap.repoKey(TOP), RefMap.stackKey(TOP), "the same digest of the same text");
        // printf %s '' | sha256sum: the well-known digest of nothing
        assertEquals("e3b0c44298fc1c14", RefMap.stackKey(""));
        assertEquals(RefMap.contextKey("a", "b"), RefMap.stackKey("a\nb\n"));
    }

    @Test
    void commitsAreRecordedPerStackDirectoryWithAHistory() throws Exception {
        refs.record(TOP, "", "refs/heads/main", C1, p1);
        refs.record(TOP, "examples", "refs/heads/main", C1, p2);
        refs.record(TOP, "", "refs/heads/topic", C2, p2);
        assertEquals(Optional.of(p1), refs.profileOf(TOP, "", C1));
        assertEquals(Optional.of(p1), refs.profileOf(TOP, C1), "the top stack's, without a stack directory");
        assertEquals(Optional.of(p2), refs.profileOf(TOP, "examples", C1), "another stack of the same commit");
        assertEquals(Optional.empty(), refs.profileOf(TOP, "examples", C2));
        assertEquals(Optional.empty(), refs.profileOf("/elsewhere", C1));
        assertEquals(List.of("", "examples"), refs.stacks(TOP));
        assertEquals(List.of(), refs.stacks("/elsewhere"));
        assertEquals(TOP + "\n", Files.readString(refs.dir(TOP).resolve("repo")));
        assertEquals(".\n", Files.readString(refs.stackDir(TOP, "").resolve("dir")));
        assertEquals("examples\n", Files.readString(refs.stackDir(TOP, "examples").resolve("dir")));

        List<RefMap.LogEntry> log = refs.log(TOP);
        assertEquals(2, log.size());
        assertEquals("refs/heads/main", log.get(0).ref());
        assertEquals(C2, log.get(1).commit());
        assertEquals(p2, log.get(1).profile());
        assertEquals(1, refs.log(TOP, "examples").size());

        refs.record(TOP, "", "refs/heads/main", C1, p2);
        assertEquals(Optional.of(p2), refs.profileOf(TOP, C1), "the last build of a commit wins");
        assertEquals(3, refs.log(TOP).size(), "and the history keeps both");
    }

    @Test
    void aStackIsRegisteredWithoutACommit() throws Exception {
        refs.registerStack(TOP, "stacks/a");
        refs.registerStack(TOP, "stacks/a");
        assertEquals(List.of("stacks/a"), refs.stacks(TOP));
        assertEquals(List.of(), refs.log(TOP, "stacks/a"));
        assertEquals(TOP + "\n", Files.readString(refs.dir(TOP).resolve("repo")));
    }

    @Test
    void treesMapToProfilesPerMachineContext() throws Exception {
        refs.recordTree(CTX, T1, p1);
        assertEquals(Optional.of(p1), refs.profileOfTree(CTX, T1));
        assertEquals(Optional.empty(), refs.profileOfTree(RefMap.contextKey("linux", "aarch64", "/home/me"), T1));
        assertEquals(p1.value() + "\n", Files.readString(store.treeMap(CTX).resolve(T1), StandardCharsets.UTF_8),
                "one line the shell reads with 'read -r'");
    }

    @Test
    void entriesOfVanishedProfilesAreMissesAndAbsentProfilesAreNeverRecorded() throws Exception {
        refs.record(TOP, "HEAD", C1, p1);
        refs.recordTree(CTX, T1, p1);
        Files.delete(store.profile(p1));
        assertEquals(Optional.empty(), refs.profileOf(TOP, C1));
        assertEquals(Optional.empty(), refs.profileOfTree(CTX, T1));
        assertThrows(NoSuchFileException.class, () -> refs.record(TOP, "HEAD", C2, p1));
        assertThrows(NoSuchFileException.class, () -> refs.recordTree(CTX, T1, p1));
        assertThrows(IllegalArgumentException.class, () -> refs.recordTree(CTX, "../../x", p2));
        assertThrows(IllegalArgumentException.class, () -> refs.profileOfTree("../x", T1));
    }

    @Test
    void everyProfileNamedAnywhereIsAGcRoot() throws Exception {
        ProfileId p3 = profile("r");
        refs.record(TOP, "", "HEAD", C1, p1);
        refs.record(TOP, "", "HEAD", C1, p2); // p1 stays in the log only
        refs.recordTree(CTX, T1, p3);
        Files.writeString(refs.stackDir(TOP, "").resolve("log"), "torn li", StandardOpenOption.APPEND);
        assertEquals(List.of(p1, p2, p3), refs.allProfiles());
        assertEquals(List.of(), new RefMap(new Store(tmp.resolve("empty"))).allProfiles());
    }
}
