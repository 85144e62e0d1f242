package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.hd.resolver.EnvAction;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BuildEnvironmentTest {
    private FileSystem fs;
    private Store store;
    private ResolvedStack stack;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        store = new Store(fs.getPath("/store"));
        StackFixture f = new StackFixture();
        f.pkg("zlib").stage("build", "true");
        f.pkg("host-mpi").host()
                .whenBuildDependency(EnvAction.Op.PREPEND_PATH, "PATH", "/opt/mpi/bin")
                .whenBuildDependency(EnvAction.Op.SET, "MPICC", "/opt/mpi/bin/mpicc")
                .whenBuildDependency(EnvAction.Op.APPEND_PATH, "CMAKE_PREFIX_PATH", "${ARTIFACT}/cmake");
        f.pkg("libpng").deps("zlib").stage("build", "true");
        f.pkg("app-2").deps("libpng", "host-mpi").env("CFLAGS", "-O3").env("MPICC", "mine").stage("build", "true");
        stack = f.stack();
        layout("zlib", "bin", "include", "lib", "lib/pkgconfig");
        layout("libpng", "bin", "include", "lib", "share/pkgconfig");
        layout("host-mpi");
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private void layout(String pkg, String... dirs) throws IOException {
        ResolvedPackage p = stack.get(pkg);
        Path a = store.artifact(p.name(), p.id());
        Files.createDirectories(a.resolve(".hd"));
        for (String d : dirs) {
            Files.createDirectories(a.resolve(d));
        }
    }

    private String art(String pkg) {
        return store.artifact(pkg, stack.get(pkg).id()).toString();
    }

    @Test
    void startsEmptyAndAddsExactlyWhatTheDesignSays() {
        BuildOptions o = new BuildOptions(3, false, Map.of("TERM", "dumb", "HOME", "/should/not/win"), 42);
        Path bd = store.buildDir(stack.get("app-2").id());
        Map<String, String> env = new BuildEnvironment(store, stack.byName(), o).of(stack.get("app-2"), bd);

        String png = art("libpng");
        String z = art("zlib");
        // nearest first: libpng (direct) before zlib (its dependency); host-mpi has no bin/
        assertEquals("/opt/mpi/bin:" + png + "/bin:" + z + "/bin:/usr/bin:/bin", env.get("PATH"));
        assertEquals("-I" + png + "/include -I" + z + "/include", env.get("CPPFLAGS"));
        assertEquals("-L" + png + "/lib -Wl,-rpath," + png + "/lib -L" + z + "/lib -Wl,-rpath," + z + "/lib",
                env.get("LDFLAGS"));
        assertEquals(png + "/share/pkgconfig:" + z + "/lib/pkgconfig", env.get("PKG_CONFIG_PATH"));
        assertEquals(z, env.get("ZLIB_DIR"));
        assertEquals(png, env.get("LIBPNG_DIR"));
        assertEquals(art("host-mpi"), env.get("HOST_MPI_DIR"));
        assertEquals(art("app-2"), env.get("ARTIFACT"));
        assertEquals(bd.toString(), env.get("BUILD"));
        assertEquals("3", env.get("HD_JOBS"));
        assertEquals("42", env.get("SOURCE_DATE_EPOCH"));
        assertEquals(bd.resolve(".hd-home").toString(), env.get("HOME"));
        assertEquals(bd.resolve(".hd-tmp").toString(), env.get("TMPDIR"));
        assertEquals("C", env.get("LANG"));
        assertEquals("C", env.get("LC_ALL"));
        assertEquals("UTC", env.get("TZ"));
        assertEquals("/bin/bash", env.get("SHELL"));
        assertEquals("dumb", env.get("TERM"));
        assertEquals(art("host-mpi") + "/cmake", env.get("CMAKE_PREFIX_PATH"), "${ARTIFACT} is the declaring package's");
        assertEquals("mine", env.get("MPICC"), "the package's own env comes last");
        assertEquals("-O3", env.get("CFLAGS"));
        assertEquals(Set.of("PATH", "CPPFLAGS", "LDFLAGS", "PKG_CONFIG_PATH", "ZLIB_DIR", "LIBPNG_DIR", "HOST_MPI_DIR",
                "ARTIFACT", "BUILD", "HD_JOBS", "SOURCE_DATE_EPOCH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "SHELL",
                "TERM", "CMAKE_PREFIX_PATH", "MPICC", "CFLAGS"), env.keySet(), "nothing else leaks in");
    }

    @Test
    void aPackageWithoutDependenciesGetsOnlyTheHostPath() {
        Map<String, String> env = new BuildEnvironment(store, stack.byName(), BuildOptions.defaults(1))
                .of(stack.get("zlib"), fs.getPath("/b"));
        assertEquals("/usr/bin:/bin", env.get("PATH"));
        assertFalse(env.containsKey("CPPFLAGS"));
        assertFalse(env.containsKey("LDFLAGS"));
        assertEquals(Long.toString(BuildOptions.DEFAULT_SOURCE_DATE_EPOCH), env.get("SOURCE_DATE_EPOCH"));
    }

    @Test
    void dirVariableNames() {
        assertEquals("ZLIB_DIR", BuildEnvironment.dirVariable("zlib"));
        assertEquals("PY_NUMPY_DIR", BuildEnvironment.dirVariable("py-numpy"));
        assertEquals("GTK_2_0_DIR", BuildEnvironment.dirVariable("gtk+2.0"));
        assertEquals("_7ZIP_DIR", BuildEnvironment.dirVariable("7zip"));
    }

    @Test
    void theScriptNamesStagesAndTrapsFailures() {
        StackFixture f = new StackFixture();
        f.pkg("x").stage("configure", "./configure").stage("it's", "make\nmake check");
        String s = BuildEnvironment.script(f.stack().get("x"));
        assertTrue(s.contains("set -e\n"), s);
        assertTrue(s.contains("trap 'printf \"hd-failed: stage=%s exit=%d command=%s\\n\" \"$HD_STAGE\" \"$?\" \"$BASH_COMMAND\" >&2' ERR"), s);
        assertTrue(s.contains("HD_STAGE=configure; printf 'hd-stage: %s\\n' configure\n./configure\n"), s);
        assertTrue(s.contains("HD_STAGE='it'\\''s'; printf 'hd-stage: %s\\n' 'it'\\''s'\nmake\nmake check\n"), s);
        assertTrue(s.indexOf("configure") < s.indexOf("make check"));
    }

    @Test
    void exportLinesQuoteForBash() {
        String s = BuildEnvironment.exportLines(Map.of("A", "plain/path:x", "B", "two words", "C", "it's"));
        assertTrue(s.contains("export A=plain/path:x\n"), s);
        assertTrue(s.contains("export B='two words'\n"), s);
        assertTrue(s.contains("export C='it'\\''s'\n"), s);
        assertEquals(List.of("A", "B", "C"), s.lines().filter(l -> l.startsWith("export "))
                .map(l -> l.substring(7, 8)).toList(), "sorted");
    }
}
