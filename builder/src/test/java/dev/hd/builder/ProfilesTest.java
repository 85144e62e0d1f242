package dev.hd.builder;

import static dev.hd.builder.Hints.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import dev.hd.resolver.LinkRule;
import dev.hd.resolver.ResolvedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
    @TempDir
    Path tmp;
    Store store;
    Profiles profiles;

    @BeforeEach
    void setUp() {
        store = new Store(tmp.resolve("store"));
        profiles = new Profiles(store);
    }

    private static StackFixture twoLibs() {
        StackFixture f = new StackFixture();
        f.pkg("a").stage("b", "true");
        f.pkg("b").deps("a").stage("b", "true");
        f.pkg("tool").buildDeps("a").stage("b", "true"); // build-only: not in the profile
        return f.listed("b");
    }

    private void publishAll(ResolvedStack s) throws IOException {
        Artifacts.publish(store, s.get("a"), "lib/liba.so", "A", "include/a.h", "//", "share/doc/a/README", "a",
                "etc/a.conf", "x");
        Artifacts.publish(store, s.get("b"), "bin/b", "B", "lib/libb.so", "B", "share/doc/README", "b");
        Artifacts.publish(store, s.get("tool"), "bin/tool", "T");
    }

    @Test
    void createsASymlinkTreeOfTheRunClosure() throws Exception {
        ResolvedStack s = twoLibs().stack();
        publishAll(s);
        ProfileId pid = profiles.create(s);
        Path d = profiles.dir(pid);
        assertEquals(store.profilesDir().resolve(pid.value()), d);
        Path a = store.artifact("a", s.get("a").id());
        assertEquals(a.resolve("lib/liba.so"), Files.readSymbolicLink(d.resolve("lib/liba.so")), "absolute links");
        assertTrue(Files.isSymbolicLink(d.resolve("bin/b")));
        assertFalse(Files.isSymbolicLink(d.resolve("lib")), "directories are real");
        assertTrue(Files.exists(d.resolve("share/doc/a/README")));
        assertFalse(Files.exists(d.resolve("etc")), "etc/ is not linked by default");
        assertFalse(Files.exists(d.resolve(".hd")), "artifacts' metadata never enters a profile");
        assertFalse(Files.exists(d.resolve("bin/tool")), "build-only dependencies stay out");
        assertEquals("B", Files.readString(d.resolve("bin/b")));

        List<Profiles.Member> members = profiles.members(pid);
        assertEquals(List.of("a", "b"), members.stream().map(Profiles.Member::name).toList());
        assertEquals(s.get("b").id(), members.get(1).id());
        assertEquals(store.artifact("b", s.get("b").id()), members.get(1).path());

        long before = Files.getLastModifiedTime(d).toMillis();
        assertEquals(pid, profiles.create(s), "an existing profile is reused");
        assertEquals(before, Files.getLastModifiedTime(d).toMillis());
        try (var st = Files.list(store.tmpDir())) {
            assertEquals(0, st.count(), "nothing left in tmp/");
        }
    }

    @Test
    void theIdDependsOnArtifactsAndRules() throws Exception {
        ResolvedStack s1 = twoLibs().stack();
        ResolvedStack s2 = twoLibs().stack();
        assertEquals(profiles.id(s1), profiles.id(s2));
        StackFixture changed = twoLibs();
        changed.pkg("a").stage("c", "echo changed");
        assertNotEquals(profiles.id(s1), profiles.id(changed.stack()));
        StackFixture ruled = twoLibs().stackLink(new LinkRule(LinkRule.Action.EXCLUDE, "share/doc"));
        assertNotEquals(profiles.id(s1), profiles.id(ruled.stack()));
        assertTrue(ProfileId.isValid(profiles.id(s1).value()));
    }

    @Test
    void aConflictNamesThePathBothPackagesAndTheFix() throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("x").stage("b", "true");
        f.pkg("y").stage("b", "true");
        ResolvedStack s = f.stack();
        Artifacts.publish(store, s.get("x"), "bin/tool", "x", "share/doc/README", "x");
        Artifacts.publish(store, s.get("y"), "bin/tool", "y", "share/man/y.1", "y");
        HdException e = hinted(HdException.class, () -> profiles.create(s));
        assertTrue(e.getMessage().contains("bin/tool is provided by both x (pkgs/x.yaml) and y (pkgs/y.yaml)"), e.getMessage());
        assertTrue(e.hint().contains("profile_links: [{exclude: bin/tool}]") && e.hint().contains("pkgs/y.yaml")
                && e.hint().contains("stack.yaml"), e.hint());
        assertFalse(Files.exists(store.profilesDir().resolve(profiles.id(s).value())), "no profile on conflict");

        // the fix the message suggests works
        ResolvedStack fixed = f.stackLink(new LinkRule(LinkRule.Action.EXCLUDE, "bin/tool")).stack();
        // (the stack rule applies to both packages: neither tool is linked)
        ProfileId pid = profiles.create(fixed);
        assertFalse(Files.exists(profiles.dir(pid).resolve("bin/tool")));
        assertTrue(Files.exists(profiles.dir(pid).resolve("share/man/y.1")));
    }

    @Test
    void aFileWhereAnotherPackageHasADirectoryIsAConflictToo() throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("x").stage("b", "true");
        f.pkg("y").stage("b", "true");
        ResolvedStack s = f.stack();
        Artifacts.publish(store, s.get("x"), "lib/python", "a file");
        Artifacts.publish(store, s.get("y"), "lib/python/site.py", "in a dir");
        HdException e = hinted(HdException.class, () -> profiles.create(s));
        assertTrue(e.getMessage().contains("lib/python is provided by both x"), e.getMessage());
    }

    @Test
    void packageRulesComeBeforeTheDefaultsAndCopyMakesACopy() throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("x").stage("b", "true").links(new LinkRule(LinkRule.Action.EXCLUDE, "share/doc"),
                new LinkRule(LinkRule.Action.COPY, "bin/*-config"), new LinkRule(LinkRule.Action.LINK, "etc/**"));
        ResolvedStack s = f.stack();
        Artifacts.publish(store, s.get("x"), "bin/x", "x", "bin/x-config", "cfg", "share/doc/README", "d",
                "share/man/x.1", "m", "etc/x.conf", "c");
        Path d = profiles.dir(profiles.create(s));
        assertTrue(Files.isSymbolicLink(d.resolve("bin/x")));
        assertTrue(Files.isRegularFile(d.resolve("bin/x-config"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("cfg", Files.readString(d.resolve("bin/x-config")));
        assertFalse(Files.exists(d.resolve("share/doc")));
        assertTrue(Files.exists(d.resolve("share/man/x.1")), "the defaults still apply after the package's rules");
        assertTrue(Files.exists(d.resolve("etc/x.conf")));
    }

    @Test
    void aMissingArtifactIsAClearError() {
        ResolvedStack s = twoLibs().stack();
        HdException e = hinted(HdException.class, () -> profiles.create(s));
        assertTrue(e.getMessage().contains("is not built"), e.getMessage());
    }

    @Test
    void leftoversOfACrashedCreationAreReplaced() throws Exception {
        ResolvedStack s = twoLibs().stack();
        publishAll(s);
        ProfileId pid = profiles.id(s);
        Path staging = store.profileStaging(pid);
        Files.createDirectories(staging.resolve("bin"));
        Files.writeString(staging.resolve("bin/junk"), "half a profile");
        profiles.create(s);
        assertFalse(Files.exists(profiles.dir(pid).resolve("bin/junk")));
        assertFalse(Files.exists(staging));
    }

    @Test
    void switchingTheLinkIsAtomicAndCurrentReadsItBack() throws Exception {
        ResolvedStack s = twoLibs().stack();
        publishAll(s);
        ProfileId p1 = profiles.create(s);
        StackFixture other = new StackFixture();
        other.pkg("a").stage("b", "true");
        ResolvedStack s2 = other.stack();
        ProfileId p2 = profiles.create(s2); // a is already published with the same id
        Path link = tmp.resolve("stack/.hd/profile");
        assertEquals(Optional.empty(), profiles.current(link));
        profiles.switchLink(link, p1);
        assertEquals(Optional.of(p1), profiles.current(link));
        assertTrue(Files.exists(link.resolve("bin/b")));
        profiles.switchLink(link, p2);
        assertEquals(Optional.of(p2), profiles.current(link));
        assertFalse(Files.exists(link.resolve("bin/b")));
        try (var st = Files.list(link.getParent())) {
            assertEquals(List.of(link), st.toList(), "no temporary link left behind");
        }
        Files.delete(link);
        Files.createSymbolicLink(link, tmp);
        assertEquals(Optional.empty(), profiles.current(link), "a link elsewhere is not a profile of this store");

        profiles.addRoot(link);
        profiles.addRoot(link);
        try (var st = Files.list(store.gcRootsDir())) {
            List<Path> roots = st.toList();
            assertEquals(1, roots.size());
            assertEquals(link.toAbsolutePath(), Files.readSymbolicLink(roots.get(0)));
        }
    }

    @Test
    void profileEnvListsTheUsualVariablesAndNoLdLibraryPath() {
        Path p = tmp.resolve("p");
        List<ProfileEnv.Var> vars = ProfileEnv.of(p);
        assertEquals(List.of("PATH", "MANPATH", "PKG_CONFIG_PATH", "CMAKE_PREFIX_PATH", "HD_PROFILE"),
                vars.stream().map(ProfileEnv.Var::name).toList());
        assertEquals(List.of(p.resolve("bin").toString()), vars.get(0).values());
        assertEquals(ProfileEnv.Mode.SET, vars.get(4).mode());
    }
}
