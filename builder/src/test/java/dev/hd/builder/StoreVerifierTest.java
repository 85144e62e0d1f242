package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.ResolvedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreVerifierTest {
    @TempDir
    Path tmp;
    Store store;
    Profiles profiles;
    ResolvedStack stack;
    ProfileId pid;
    Path link;

    @BeforeEach
    void setUp() throws Exception {
        store = new Store(tmp.resolve("store"));
        profiles = new Profiles(store);
        StackFixture f = new StackFixture();
        f.pkg("lib").stage("b", "lib");
        f.pkg("app").deps("lib").stage("b", "app");
        stack = f.stack();
        Artifacts.publish(store, stack.get("lib"), "lib/liba.so", "A", "share/doc/x", "doc");
        Artifacts.publish(store, stack.get("app"), "bin/app", "#!/bin/sh\n");
        link = tmp.resolve("stack/.hd/profile");
    }

    private StoreVerifier.Report verify(boolean repair) throws Exception {
        return new StoreVerifier(store).verify(new StoreVerifier.Options(false, List.of(), 2, repair), () -> { });
    }

    /** Makes the profile and points the link at it. */
    private void republishApp() throws Exception {
        pid = profiles.create(stack);
        new Generations(store).switchTo(link, pid, "dir x");
    }

    @Test
    void aStoreAsHdLeavesItIsConsistent() throws Exception {
        republishApp();
        StoreVerifier.Report r = verify(false);
        assertEquals(List.of(), r.findings());
        assertTrue(r.consistent());
        assertEquals(2, r.artifacts());
        assertEquals(3, r.files());
        assertEquals(1, r.profiles());
        assertEquals(1, r.roots());
        assertEquals(1, r.logs());
    }

    @Test
    void changedAddedMissingAndWritableFilesAreDamageAndRepairRemovesTheArtifactAndItsProfile() throws Exception {
        republishApp();
        Path lib = store.artifact("lib", stack.get("lib").id());
        Path so = lib.resolve("lib/liba.so");
        Files.setPosixFilePermissions(lib.resolve("lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(so, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(so, "tampered");
        Files.writeString(lib.resolve("lib/extra"), "x");
        Files.setPosixFilePermissions(lib.resolve("share/doc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(lib.resolve("share/doc/x"));

        StoreVerifier.Report r = verify(false);
        assertFalse(r.consistent());
        StoreVerifier.Finding art = r.findings().stream().filter(f -> f.path().equals(lib)).findFirst().orElseThrow();
        assertEquals(StoreVerifier.Severity.DAMAGED, art.severity());
        for (String want : List.of("lib/liba.so: its content differs", "lib/liba.so: mode 0644, the manifest says 0444",
                "lib/extra: not in the manifest", "share/doc/x: missing", "lib: mode 0755")) {
            assertTrue(art.problem().contains(want), want + " in " + art.problem());
        }
        assertTrue(art.repairable());
        assertTrue(r.findings().stream().anyMatch(f -> f.path().equals(store.profile(pid))
                && f.problem().contains("it uses lib")), "the profile using it is damaged too: " + r.findings());
        assertTrue(r.findings().stream().anyMatch(f -> f.path().equals(link) && !f.repairable()), "and the link");

        StoreVerifier.Report fixed = verify(true);
        assertFalse(Files.exists(lib));
        assertFalse(profiles.exists(pid));
        assertEquals(2, fixed.repaired().size(), fixed.repaired().toString());
        assertEquals(List.of(link), fixed.findings().stream().map(StoreVerifier.Finding::path).toList(),
                "what is left is the user's link: hd build makes the profile again");
        assertTrue(fixed.findings().get(0).fix().contains("hd rollback"));
        assertTrue(Files.isSymbolicLink(link), "repair never touches a user's link");
    }

    @Test
    void leftoversAreHarmlessAndRepairRemovesThem() throws Exception {
        republishApp();
        Path incomplete = Files.createDirectories(store.packageBuilds("app").resolve("a".repeat(32)).resolve("bin"));
        Path trash = Files.createDirectories(store.packageBuilds("app").resolve(Store.DOOMED_PREFIX + "x-1"));
        Path build = Files.createDirectories(store.tmpDir().resolve("build-" + "b".repeat(32)));
        Path staging = Files.createDirectories(store.profilesDir().resolve(Store.DOOMED_PREFIX + pid.value() + "-2"));
        Path gone = tmp.resolve("gone/.hd/profile");
        Files.createDirectories(gone.getParent());
        Files.createSymbolicLink(gone, store.profile(pid));
        profiles.addRoot(gone);
        Files.delete(gone);
        Path pin = store.pin(new ProfileId("c".repeat(32)));
        Files.createSymbolicLink(pin, store.profile(new ProfileId("c".repeat(32))));

        StoreVerifier.Report r = verify(false);
        assertTrue(r.consistent(), r.findings().toString());
        assertEquals(6, r.count(StoreVerifier.Severity.LEFTOVER), r.findings().toString());
        assertEquals(Set.of(incomplete.getParent(), trash, build, staging, pin),
                r.findings().stream().map(StoreVerifier.Finding::path).filter(p -> !p.getParent().equals(store.gcRootsDir())
                        || p.equals(pin)).collect(Collectors.toSet()));

        StoreVerifier.Report fixed = verify(true);
        assertEquals(6, fixed.repaired().size());
        assertEquals(List.of(), fixed.findings());
        assertTrue(profiles.exists(pid));
    }

    @Test
    void aProfileLinkingOutsideItsArtifactsOrAtNothingIsDamaged() throws Exception {
        republishApp();
        Path p = store.profile(pid);
        Files.createSymbolicLink(p.resolve("bin/evil"), Path.of("/etc/hostname"));
        StoreVerifier.Report r = verify(false);
        assertTrue(r.findings().stream().anyMatch(f -> f.problem().contains("bin/evil links to /etc/hostname, outside its artifacts")),
                r.findings().toString());
        Files.delete(p.resolve("bin/evil"));
        Files.delete(store.profileInfo(pid));
        assertTrue(verify(false).findings().stream().anyMatch(f -> f.problem().contains(".hd-profile.json is missing")));
    }

    @Test
    void aCorruptArchiveIsDamageWhenSourcesAreChecked() throws Exception {
        Files.createDirectories(store.archivesDir());
        String hex = "0".repeat(64);
        Files.writeString(store.archivesDir().resolve(hex), "not what the name says");
        StoreVerifier v = new StoreVerifier(store);
        assertTrue(v.verify(new StoreVerifier.Options(false, List.of(), 1, false), () -> { }).consistent(),
                "archives are checked only when asked");
        StoreVerifier.Report r = v.verify(new StoreVerifier.Options(true, List.of(), 1, false), () -> { });
        assertEquals(1, r.archives());
        assertEquals(StoreVerifier.Severity.DAMAGED, r.findings().get(0).severity());
        v.verify(new StoreVerifier.Options(true, List.of(), 1, true), () -> { });
        assertFalse(Files.exists(store.archivesDir().resolve(hex)));
    }
}
