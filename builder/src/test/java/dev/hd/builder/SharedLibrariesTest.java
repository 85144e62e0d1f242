package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLibrariesTest {
    @TempDir
    Path tmp;
    Store store;
    Path sys;
    Path bin;
    SharedLibraries libs;

    @BeforeEach
    void setUp() throws Exception {
        store = new Store(tmp.resolve("store"));
        sys = Files.createDirectories(tmp.resolve("root/usr/lib"));
        Files.writeString(sys.resolve("libc.so.6"), "");
        Path dep = Files.createDirectories(store.buildsDir().resolve("dep/" + "a".repeat(32) + "/lib"));
        Files.writeString(dep.resolve("libdep.so"), "");
        bin = Files.createDirectories(store.buildsDir().resolve("app/" + "b".repeat(32) + "/bin")).resolve("app");
        Files.createDirectories(bin.getParent().resolveSibling("lib"));
        Files.writeString(bin.getParent().resolveSibling("lib").resolve("libself.so"), "");
        Files.createDirectories(store.tmpDir().resolve("build-x/lib"));
        Path home = Files.createDirectories(tmp.resolve("home/lib"));
        Files.writeString(home.resolve("libhome.so"), "");
        libs = new SharedLibraries(store, List.of(sys));
    }

    private List<String> problems(List<String> needed, List<String> runpath) {
        return libs.problems(bin, new ElfDynamic(needed, List.of(), runpath, ""));
    }

    @Test
    void librariesInTheStoreOrTheSystemAreFine() {
        String dep = store.buildsDir().resolve("dep/" + "a".repeat(32) + "/lib").toString();
        assertEquals(List.of(), problems(List.of("libdep.so", "libc.so.6", "libself.so"), List.of(dep, "$ORIGIN/../lib")));
    }

    @Test
    void aLibraryFromElsewhereOrFromNowhereOrABuildDirectoryIsReported() {
        List<String> p = problems(List.of("libhome.so"), List.of(tmp.resolve("home/lib").toString()));
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("finds libhome.so at " + tmp.resolve("home/lib/libhome.so") + ", outside the store"), p.get(0));

        List<String> q = problems(List.of("libgone.so"), List.of(store.tmpDir().resolve("build-x/lib").toString()));
        assertEquals(2, q.size(), q.toString());
        assertTrue(q.get(0).contains("a build directory in the store's tmp/"), q.get(0));
        assertTrue(q.get(1).contains("libgone.so, which is found nowhere"), q.get(1));

        assertTrue(problems(List.of("libc.so.6"), List.of("lib")).get(0).contains("relative entry 'lib'"));
    }

    @Test
    void rpathIsIgnoredWhenThereIsARunpathAsLdSoDoes() {
        ElfDynamic both = new ElfDynamic(List.of("libhome.so"), List.of(tmp.resolve("home/lib").toString()),
                List.of(sys.toString()), "");
        assertTrue(libs.problems(bin, both).get(0).contains("found nowhere"));
    }

    @Test
    void systemDirectoriesComeFromLdSoConfWithItsIncludes() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        Files.createDirectories(root.resolve("opt/one/lib"));
        Files.createDirectories(root.resolve("opt/two"));
        Files.writeString(root.resolve("etc/ld.so.conf"), "# comment\ninclude /etc/ld.so.conf.d/*.conf\n/opt/two\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/a.conf"), "/opt/one/lib   # the first\n/opt/missing\n");
        assertEquals(List.of(root.resolve("opt/one/lib"), root.resolve("opt/two"), root.resolve("usr/lib")),
                SharedLibraries.systemDirs(root));
    }

    @Test
    void elfDynamicReadsTheJavaLauncher() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(java)) {
            assumeTrue(in.read(head) == 4 && ElfDynamic.isElf(head, 4), "not an ELF system");
        }
        Optional<ElfDynamic> d = ElfDynamic.read(java);
        assertTrue(d.isPresent());
        assertTrue(d.get().needed().contains("libjli.so"), d.get().toString());
        assertTrue(d.get().interp().startsWith("/"), d.get().toString());
        assertTrue(ElfDynamic.read(store.root().resolve("bld/dep/" + "a".repeat(32) + "/lib/libdep.so")).isEmpty(),
                "an empty file is no ELF");
    }
}
