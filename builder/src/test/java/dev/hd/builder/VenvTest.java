package dev.hd.builder;

import static dev.hd.builder.Hints.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import dev.hd.resolver.LinkRule;
import dev.hd.resolver.ResolvedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VenvTest {
    @TempDir
    Path tmp;
    Store store;
    Profiles profiles;
    Venv venvs;

    @BeforeEach
    void setUp() {
        store = new Store(tmp.resolve("store"));
        profiles = new Profiles(store);
        venvs = new Venv(store);
    }

    /** A profile of one package "a" (version v) holding the given files (pairs of path, content). */
    private ProfileId profile(String version, String... files) throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("a").version(version).stage("b", "true").links(new LinkRule(LinkRule.Action.COPY, "etc/**"),
                new LinkRule(LinkRule.Action.LINK, "**"));
        ResolvedStack s = f.stack();
        Artifacts.publish(store, s.get("a"), files);
        return profiles.create(s);
    }

    @Test
    void aVenvHasRealDirectoriesLinksToArtifactFilesAndIsAGcRoot() throws Exception {
        ProfileId p1 = profile("1", "bin/a", "A1", "lib/liba.so", "L", "etc/a.conf", "conf");
        Path v = tmp.resolve("venv");
        Venv.Report r = venvs.create(v, p1, tmp.resolve("stack"));
        assertEquals(3, r.added());
        assertEquals(List.of(), r.conflicts());
        assertFalse(Files.isSymbolicLink(v.resolve("bin")), "a real directory");
        assertTrue(Files.isWritable(v.resolve("bin")));
        assertEquals(Files.readSymbolicLink(profiles.dir(p1).resolve("bin/a")), Files.readSymbolicLink(v.resolve("bin/a")),
                "the same link into the artifact as the profile's");
        assertFalse(Files.isSymbolicLink(v.resolve("etc/a.conf")), "a copy where the profile has a copy");
        assertTrue(Files.isWritable(v.resolve("etc/a.conf")));
        assertFalse(Files.exists(v.resolve(Store.PROFILE_INFO)));
        assertTrue(Venv.isVenv(v));
        assertEquals(Optional.of(p1), venvs.profile(v));
        assertEquals(Optional.of(tmp.resolve("stack")), venvs.stack(v));
        // the GC root: a link in gcroots/ to the venv's .hd/profile
        try (var roots = Files.list(store.gcRootsDir())) {
            assertEquals(List.of(Venv.link(v).toAbsolutePath()), roots.map(root -> {
                try {
                    return Files.readSymbolicLink(root);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
        }
        Files.writeString(v.resolve("bin/mine"), "user");
        assertEquals("user", Files.readString(v.resolve("bin/mine")), "writable, and the store untouched");
        assertFalse(Files.exists(profiles.dir(p1).resolve("bin/mine")));
    }

    @Test
    void updateFollowsTheProfileKeepsTheUsersFilesAndReportsConflicts() throws Exception {
        ProfileId p1 = profile("1", "bin/a", "A1", "bin/old", "O", "lib/liba.so", "L", "etc/a.conf", "conf",
                "share/x/y", "Y");
        Path v = tmp.resolve("venv");
        venvs.create(v, p1, null);
        Files.writeString(v.resolve("bin/mine"), "user");         // an addition: kept
        Files.writeString(v.resolve("etc/a.conf"), "edited");     // hd's copy, changed by the user: kept
        Files.delete(v.resolve("lib/liba.so"));
        Files.writeString(v.resolve("lib/liba.so"), "my build");  // hd's link replaced by the user: kept
        Files.writeString(v.resolve("bin/new"), "user first");    // where the next profile puts a file
        Files.writeString(v.resolve("share/x/extra"), "user");    // inside a directory hd will remove

        ProfileId p2 = profile("2", "bin/a", "A2", "bin/new", "N", "lib/liba.so", "L2", "etc/a.conf", "conf2");
        Venv.Report r = venvs.update(v, p2);
        assertEquals(p2, r.profile());
        assertEquals(Files.readSymbolicLink(profiles.dir(p2).resolve("bin/a")), Files.readSymbolicLink(v.resolve("bin/a")),
                "hd's link follows the profile");
        assertEquals(1, r.updated());
        assertFalse(Files.exists(v.resolve("bin/old")), "what the profile dropped goes");
        assertFalse(Files.exists(v.resolve("share/x/y")));
        assertEquals(2, r.removed(), "bin/old and share/x/y");
        assertEquals("user", Files.readString(v.resolve("bin/mine")));
        assertEquals("edited", Files.readString(v.resolve("etc/a.conf")));
        assertEquals("my build", Files.readString(v.resolve("lib/liba.so")));
        assertEquals("user first", Files.readString(v.resolve("bin/new")));
        assertEquals("user", Files.readString(v.resolve("share/x/extra")), "a directory with the user's files stays");
        List<String> conflicted = r.conflicts().stream().map(Venv.Conflict::path).toList();
        assertEquals(List.of("bin/new", "etc/a.conf", "lib/liba.so"), conflicted);
        assertTrue(r.conflicts().get(0).reason().contains("yours was there first"), r.conflicts().toString());
        assertTrue(r.conflicts().get(1).reason().contains("you changed hd's"), r.conflicts().toString());
        assertEquals(Optional.of(p2), venvs.profile(v));

        // once the user moves a file away, the next update places the profile's, and stops reporting it
        Files.delete(v.resolve("bin/new"));
        Venv.Report again = venvs.update(v, p2);
        assertEquals(1, again.added());
        assertEquals(List.of("etc/a.conf", "lib/liba.so"), again.conflicts().stream().map(Venv.Conflict::path).toList());
        assertTrue(Files.isSymbolicLink(v.resolve("bin/new")));
        assertEquals(0, venvs.update(v, p2).added(), "idempotent");
    }

    @Test
    void anUpdateCutShortIsFinishedByTheNext() throws Exception {
        ProfileId p1 = profile("1", "bin/a", "A1", "bin/b", "B1");
        ProfileId p2 = profile("2", "bin/a", "A2", "bin/b", "B2");
        Path v = tmp.resolve("venv");
        venvs.create(v, p1, null);
        // as if hd died after placing bin/a of p2 but before writing its record
        Files.delete(v.resolve("bin/a"));
        Files.createSymbolicLink(v.resolve("bin/a"), Files.readSymbolicLink(profiles.dir(p2).resolve("bin/a")));
        Venv.Report r = venvs.update(v, p2);
        assertEquals(List.of(), r.conflicts(), "an entry already as the new profile has it is hd's");
        assertEquals(1, r.updated());
        assertEquals(1, r.unchanged());
    }

    @Test
    void createRefusesAnythingButANewOrEmptyDirectory() throws Exception {
        ProfileId p1 = profile("1", "bin/a", "A1");
        Files.createDirectories(tmp.resolve("full"));
        Files.writeString(tmp.resolve("full/x"), "x");
        HdException e = hinted(HdException.class, () -> venvs.create(tmp.resolve("full"), p1, null));
        assertEquals(tmp.resolve("full") + " is not empty", e.getMessage());
        assertEquals("give hd venv a new or empty directory", e.hint());
        venvs.create(tmp.resolve("v"), p1, null);
        HdException twice = hinted(HdException.class, () -> venvs.create(tmp.resolve("v"), p1, null));
        assertTrue(twice.hint().contains("hd venv --update"), twice.hint());
        HdException notOne = hinted(HdException.class, () -> venvs.update(tmp.resolve("full"), p1));
        assertTrue(notOne.getMessage().contains("is not a venv"), notOne.getMessage());
    }
}
