package dev.hd.resolver;

import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.bash;
import static dev.hd.resolver.Specs.hinted;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions taken on questions the first test corpus raised (see docs/spec-format.md). */
class SemanticsDecisionsTest {

    @Test
    void versionIsKnownToTemplatesEvaluatedBeforeTheFileThatSetsIt() throws HdException {
        MapSpecSource s = stack("packages: {foo: }\n")
                .put("base/tarball.yaml", """
                        sources:
                          - url: https://example.org/{{name}}-{{version}}.tar.gz
                            key: sha256:%s
                        env: {FOO_VERSION: "{{version}}"}
                        """.formatted("a".repeat(64)))
                .put("pkgs/foo.yaml", "extends: [tarball]\nversion: 2.5\n");
        ResolvedPackage p = resolve(s).get("foo");
        assertEquals("2.5", p.env().get("FOO_VERSION"));
        assertEquals("https://example.org/foo-2.5.tar.gz", ((Source.Archive) p.sources().get(0)).url());
    }

    @Test
    void aTemplateReachedTwiceIsAppliedOnce() throws HdException {
        MapSpecSource s = stack("packages: {foo: }\n")
                .put("base/common.yaml", "build_stages:\n  - {name: build, bash: make}\n")
                .put("base/a.yaml", "extends: [common]\nbuild_stages:\n  - {name: build, mode: update, bash: make check}\n")
                .put("base/b.yaml", "extends: [common]\nenv: {B: '1'}\n")
                .put("pkgs/foo.yaml", "extends: [a, b]\n");
        ResolvedPackage p = resolve(s).get("foo");
        assertEquals("make\nmake check", bash(p, "build"));
        assertEquals("1", p.env().get("B"));
    }

    @Test
    void builtInParametersCannotBeRedefined() {
        SpecException e = specError(stack("parameters:\n  platform: darwin\npackages: {}\n"));
        assertAt(e, "stack.yaml", 2, 3);
        assertContains(e.getMessage(), "'platform' is a built-in parameter");
        e = specError(stack("packages: {foo: }\n").put("pkgs/foo.yaml", "defaults: {version: '1'}\n"));
        assertAt(e, "pkgs/foo.yaml", 1, 12);
        HdException cli = hinted(HdException.class, () -> resolve(stack("packages: {}\n"),
                ResolveOptions.defaults().withOverrides(Map.of("foo.arch", "arm"))));
        assertContains(cli.getMessage(), "'arch' is a built-in parameter");
    }

    @Test
    void developModeForAPackageNotInTheStackIsAnError() {
        HdException e = hinted(HdException.class, () -> resolve(stack("packages: {foo: }\n").put("pkgs/foo.yaml", ""),
                ResolveOptions.defaults().withDevelop(Map.of("fooo",
                        new ResolveOptions.Develop(Path.of("/tmp/x"), SourceKey.tree("0".repeat(40)))))));
        assertContains(e.getMessage(), "package 'fooo' is in develop mode but not in the stack");
        assertContains(e.hint(), "did you mean 'foo'?");
    }

    @Test
    void perPackageOverrideOfAPackageWhoseNameHasADot() throws HdException {
        MapSpecSource s = stack("packages: {py.numpy: }\n")
                .put("pkgs/py.numpy.yaml", "defaults: {opt: a}\nbuild_stages:\n  - {name: b, bash: 'echo {{opt}}'}\n");
        ResolvedStack rs = resolve(s, ResolveOptions.defaults().withOverrides(Map.of("py.numpy.opt", "z")));
        assertEquals("echo z", bash(rs.get("py.numpy"), "b"));
    }
}
