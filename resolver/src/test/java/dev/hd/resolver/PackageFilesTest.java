package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a package's spec comes from: pkgs/NAME.yaml, pkgs/NAME/NAME.yaml, and variants selected by when:. */
class PackageFilesTest {

    private static MapSpecSource mpiStack() {
        return stack("parameters: {impl: openmpi}\npackages:\n  mpi:\n")
                .put("pkgs/mpi/mpi.yaml", "version: default\n")
                .put("pkgs/mpi/mpi-openmpi.yaml", "when: impl == 'openmpi'\nversion: openmpi\n")
                .put("pkgs/mpi/mpi-mpich.yaml", "when: impl == 'mpich'\nversion: mpich\n")
                .put("pkgs/mpi/notes.yaml", "this: is not a spec\n")
                .put("pkgs/mpi/fix.patch", "--- a\n+++ b\n");
    }

    private static ResolvedPackage mpi(MapSpecSource src, Map<String, String> cli) throws HdException {
        return resolve(src, ResolveOptions.defaults().withOverrides(cli)).get("mpi");
    }

    @Test
    void flatFileForm() throws Exception {
        MapSpecSource src = stack("packages:\n  zlib:\n").put("pkgs/zlib.yaml", "version: 1.3.1\n");
        ResolvedPackage z = resolve(src).get("zlib");
        assertEquals("1.3.1", z.version());
        assertEquals(SpecLocation.ofFile("pkgs/zlib.yaml"), z.origin());
    }

    @Test
    void folderForm() throws Exception {
        MapSpecSource src = stack("packages:\n  zlib:\n").put("pkgs/zlib/zlib.yaml", "version: 1.3.1\n")
                .put("pkgs/zlib/cve.patch", "");
        ResolvedPackage z = resolve(src).get("zlib");
        assertEquals("1.3.1", z.version());
        assertEquals("pkgs/zlib/zlib.yaml", z.origin().file());
    }

    @Test
    void theOneMatchingVariantWins() throws Exception {
        ResolvedPackage p = mpi(mpiStack(), Map.of());
        assertEquals("openmpi", p.version());
        assertEquals("pkgs/mpi/mpi-openmpi.yaml", p.origin().file());
        assertEquals("mpich", mpi(mpiStack(), Map.of("impl", "mpich")).version());
    }

    @Test
    void theUnconditionalFileIsTheDefault() throws Exception {
        ResolvedPackage p = mpi(mpiStack(), Map.of("impl", "intel"));
        assertEquals("default", p.version());
        assertEquals("pkgs/mpi/mpi.yaml", p.origin().file());
    }

    @Test
    void aFlatFileCanBeTheDefaultOfFolderVariants() throws Exception {
        MapSpecSource src = mpiStack().remove("pkgs/mpi/mpi.yaml").put("pkgs/mpi.yaml", "version: flat\n");
        assertEquals("flat", mpi(src, Map.of("impl", "intel")).version());
        assertEquals("openmpi", mpi(src, Map.of()).version());
    }

    @Test
    void variantsCanTestThePlatform() throws Exception {
        MapSpecSource src = stack("packages:\n  cc:\n")
                .put("pkgs/cc/cc-mac.yaml", "when: platform == 'darwin'\nversion: clang\n")
                .put("pkgs/cc/cc-linux.yaml", "when: platform == 'linux'\nversion: gcc\n");
        assertEquals("gcc", resolve(src).get("cc").version());
    }

    @Test
    void twoMatchingVariantsAreAnErrorNamingBoth() {
        MapSpecSource src = mpiStack().put("pkgs/mpi/mpi-any.yaml", "when: impl != ''\nversion: any\n");
        SpecException e = specError(src);
        // files are considered in name order: mpi-any.yaml, then mpi-openmpi.yaml
        assertAt(e, "pkgs/mpi/mpi-openmpi.yaml", 1, 7);
        assertContains(e.getMessage(), "two variants of 'mpi' match");
        assertContains(e.getMessage(), "pkgs/mpi/mpi-any.yaml (when: impl != '')");
        assertContains(e.getMessage(), "pkgs/mpi/mpi-openmpi.yaml (when: impl == 'openmpi')");
        assertContains(e.hint(), "exclusive");
    }

    @Test
    void noMatchingVariantAndNoDefaultIsAnError() {
        MapSpecSource src = mpiStack().remove("pkgs/mpi/mpi.yaml");
        SpecException e = specError(src, ResolveOptions.defaults().withOverrides(Map.of("impl", "intel")));
        assertAt(e, "stack.yaml", 3, 3);
        assertContains(e.getMessage(), "no variant of 'mpi' applies");
        assertContains(e.getMessage(), "pkgs/mpi/mpi-mpich.yaml (when: impl == 'mpich')");
    }

    @Test
    void twoUnconditionalSpecsAreAnError() {
        MapSpecSource src = stack("packages:\n  zlib:\n").put("pkgs/zlib.yaml", "").put("pkgs/zlib/zlib.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "stack.yaml", 2, 3);
        assertContains(e.getMessage(), "pkgs/zlib.yaml and pkgs/zlib/zlib.yaml");
    }

    @Test
    void aVariantConditionOnAnUndefinedParameterIsAnError() {
        MapSpecSource src = mpiStack().put("stack.yaml", "packages:\n  mpi:\n");
        SpecException e = specError(src);
        assertContains(e.getMessage(), "undefined parameter 'impl'");
        // the first variant examined in name order
        assertAt(e, "pkgs/mpi/mpi-mpich.yaml", 1, 7);
    }

    @Test
    void aMissingPackageSuggestsTheClosestSpec() {
        MapSpecSource src = stack("packages:\n  zlbi:\n").put("pkgs/zlib.yaml", "").put("pkgs/hdf5/hdf5.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "stack.yaml", 2, 3);
        assertContains(e.getMessage(), "no package 'zlbi': expected pkgs/zlbi.yaml or pkgs/zlbi/zlbi.yaml");
        assertEquals("did you mean 'zlib'?", e.hint());
    }

    @Test
    void aMissingDependencyIsReportedWhereItIsNamed() {
        MapSpecSource src = stack("packages:\n  app:\n")
                .put("pkgs/app.yaml", "dependencies:\n  build: [hdf4]\n").put("pkgs/hdf5/hdf5.yaml", "");
        SpecException e = specError(src);
        assertAt(e, "pkgs/app.yaml", 2, 11);
        assertEquals("did you mean 'hdf5'?", e.hint());
    }

    @Test
    void parametersOfVariantConditionsAreParametersInEffect() throws Exception {
        MapSpecSource src = stack("parameters: {debug: 'no'}\npackages:\n  p:\n")
                .put("pkgs/p/p-debug.yaml", "when: debug\nversion: '1'\n")
                .put("pkgs/p/p.yaml", "version: '1'\n");
        ResolvedPackage p = resolve(src).get("p");
        assertEquals(Map.of("debug", "no"), p.parameters());
    }
}
