package dev.hd.resolver;

import static dev.hd.resolver.Specs.COMMIT_1;
import static dev.hd.resolver.Specs.COMMIT_2;
import static dev.hd.resolver.Specs.SHA_A;
import static dev.hd.resolver.Specs.SHA_B;
import static dev.hd.resolver.Specs.assertAt;
import static dev.hd.resolver.Specs.assertContains;
import static dev.hd.resolver.Specs.hinted;
import static dev.hd.resolver.Specs.resolve;
import static dev.hd.resolver.Specs.specError;
import static dev.hd.resolver.Specs.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three kinds of source (archive, git pinned or floating, path:) and hd develop. */
class SourcesTest {
    /**
     * {@code git rev-parse $(git write-tree):src/foo} for a directory holding a-b ("x\n"),
     * a.txt ("y\n"), a/z ("z\n"), hello.txt ("hello\n") and sub/a.c ("int x;\n"), all mode 100644.
     * Computed with git 2.39; the names exercise git's ordering of "a-b" &lt; "a.txt" &lt; "a/".
     */
    static final String FOO_TREE = "e23e8173606a81f9b93083341312c6ee88f20e86";

    static MapSpecSource withFoo(MapSpecSource s) {
        return s.put("src/foo/a-b", "x\n").put("src/foo/a.txt", "y\n").put("src/foo/a/z", "z\n")
                .put("src/foo/hello.txt", "hello\n").put("src/foo/sub/a.c", "int x;\n")
                .put("src/foobar/other", "not part of src/foo\n");
    }

    private static MapSpecSource src(String appYaml) {
        return stack("packages:\n  app:\n").put("pkgs/app.yaml", appYaml);
    }

    private static ResolvedPackage app(String appYaml) throws HdException {
        return resolve(src(appYaml)).get("app");
    }

    /** Records the calls it gets and answers from a map. */
    private static final class Refs implements GitRefResolver {
        final List<String> calls = new ArrayList<>();
        final Map<String, String> answers;

        Refs(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public String resolve(String url, String ref) throws HdException {
            calls.add(url + " " + ref);
            String c = answers.get(ref);
            if (c == null) {
                throw new HdException("no " + ref);
            }
            return c;
        }
    }

    // ------------------------------------------------------------------ archives

    @Test
    void anArchiveIsKeyedBySha256() throws Exception {
        ResolvedPackage p = app("sources:\n  - url: https://example.org/a.tgz\n    key: " + SHA_A + "\n");
        assertEquals(List.of(new Source.Archive(SourceKey.parse(SHA_A), "https://example.org/a.tgz", ".", true)),
                p.sources());
    }

    @Test
    void targetAndStripAreKeptAndHashed() throws Exception {
        String base = "sources:\n  - url: https://example.org/a.tgz\n    key: " + SHA_A + "\n";
        ResolvedPackage p = app(base + "    target: vendor/a\n    strip: false\n");
        assertEquals(new Source.Archive(SourceKey.parse(SHA_A), "https://example.org/a.tgz", "vendor/a", false),
                p.sources().get(0));
        assertNotEquals(app(base).id(), p.id());
        assertNotEquals(app(base + "    strip: false\n").id(), p.id());
    }

    @Test
    void onlyTheKeyEntersTheIdNeverTheUrl() throws Exception {
        ArtifactId a = app("sources:\n  - url: https://example.org/a.tgz\n    key: " + SHA_A + "\n").id();
        ArtifactId mirror = app("sources:\n  - url: https://mirror.example/a.tgz\n    key: " + SHA_A + "\n").id();
        ArtifactId other = app("sources:\n  - url: https://example.org/a.tgz\n    key: " + SHA_B + "\n").id();
        assertEquals(a, mirror);
        assertNotEquals(a, other);
    }

    @Test
    void sourcesKeepTheirOrder() throws Exception {
        ResolvedPackage p = app("sources:\n  - {url: 'https://b', key: " + SHA_B + "}\n  - {url: 'https://a', key: "
                + SHA_A + "}\n");
        assertEquals(List.of(SourceKey.parse(SHA_B), SourceKey.parse(SHA_A)),
                p.sources().stream().map(Source::key).toList());
    }

    // ------------------------------------------------------------------ git

    @Test
    void aUrlWithAGitKeyIsAPinnedCommit() throws Exception {
        ResolvedPackage p = app("sources:\n  - url: https://example.org/r.git\n    key: git:" + COMMIT_1 + "\n");
        assertEquals(List.of(new Source.Git(SourceKey.git(COMMIT_1), "https://example.org/r.git", null, ".")),
                p.sources());
    }

    @Test
    void gitWithAKeyIsPinnedAndNeedsNoResolver() throws Exception {
        ResolvedPackage p = app("sources:\n  - git: https://example.org/r.git\n    key: git:" + COMMIT_1 + "\n");
        Source.Git g = assertInstanceOf(Source.Git.class, p.sources().get(0));
        assertEquals(COMMIT_1, g.commit());
        assertEquals(null, g.ref());
    }

    @Test
    void aBranchIsResolvedToACommitThatEntersTheId() throws Exception {
        MapSpecSource s = src("sources:\n  - git: https://example.org/r.git\n    branch: main\n");
        Refs refs = new Refs(Map.of("branch:main", COMMIT_1));
        ResolvedPackage p = resolve(s, ResolveOptions.defaults().withGitRefs(refs)).get("app");
        assertEquals(List.of("https://example.org/r.git branch:main"), refs.calls);
        assertEquals(List.of(new Source.Git(SourceKey.git(COMMIT_1), "https://example.org/r.git", "branch:main", ".")),
                p.sources());

        ResolvedPackage moved = resolve(s, ResolveOptions.defaults()
                .withGitRefs(new Refs(Map.of("branch:main", COMMIT_2)))).get("app");
        assertNotEquals(p.id(), moved.id());

        // the commit, not the branch name, is what is hashed: pinning the same commit gives the same id
        ResolvedPackage pinned = app("sources:\n  - git: https://example.org/r.git\n    key: git:" + COMMIT_1 + "\n");
        assertEquals(p.id(), pinned.id());
    }

    @Test
    void aTagIsResolvedLikeABranch() throws Exception {
        MapSpecSource s = src("sources:\n  - git: https://example.org/r.git\n    tag: v1.0\n    target: sub\n");
        Refs refs = new Refs(Map.of("tag:v1.0", COMMIT_2));
        Source.Git g = (Source.Git) resolve(s, ResolveOptions.defaults().withGitRefs(refs)).get("app").sources().get(0);
        assertEquals("tag:v1.0", g.ref());
        assertEquals(COMMIT_2, g.commit());
        assertEquals("sub", g.target());
    }

    @Test
    void withoutAResolverAFloatingRefIsAnError() {
        HdException e = hinted(HdException.class,
                () -> resolve(src("sources:\n  - git: https://example.org/r.git\n    branch: main\n")));
        assertContains(e.getMessage(), "branch:main");
        assertContains(e.hint(), "hd fetch");
    }

    @Test
    void aResolverAnswerThatIsNotACommitIsAnError() {
        MapSpecSource s = src("sources:\n  - git: https://example.org/r.git\n    branch: main\n");
        HdException e = hinted(HdException.class, () -> resolve(s,
                ResolveOptions.defaults().withGitRefs(new Refs(Map.of("branch:main", "main")))));
        assertContains(e.getMessage(), "not a commit id");
    }

    @Test
    void gitSourcesNeedExactlyOneOfKeyBranchTag() {
        SpecException none = specError(src("sources:\n  - git: https://example.org/r.git\n"));
        assertAt(none, "pkgs/app.yaml", 2, 5);
        assertContains(none.getMessage(), "exactly one of 'key: git:<commit>', 'branch:' or 'tag:'");
        SpecException two = specError(src("sources:\n  - git: https://example.org/r.git\n    branch: main\n    tag: v1\n"));
        assertAt(two, "pkgs/app.yaml", 2, 5);
    }

    @Test
    void aGitSourceCannotHaveAnArchiveKey() {
        SpecException e = specError(src("sources:\n  - git: https://example.org/r.git\n    key: " + SHA_A + "\n"));
        assertAt(e, "pkgs/app.yaml", 3, 10);
        assertContains(e.getMessage(), "must be 'git:<commit>'");
    }

    @Test
    void branchGoesWithGitNotUrl() {
        SpecException e = specError(src("sources:\n  - url: https://x/r.git\n    key: git:" + COMMIT_1 + "\n    branch: main\n"));
        assertAt(e, "pkgs/app.yaml", 2, 5);
    }

    // ------------------------------------------------------------------ path:

    @Test
    void aPathIsKeyedByTheTreeIdGitWouldCompute() throws Exception {
        ResolvedPackage p = resolve(withFoo(src("sources:\n  - path: src/foo/\n"))).get("app");
        assertEquals(List.of(new Source.Tree(SourceKey.tree(FOO_TREE), "src/foo", ".")), p.sources());
    }

    @Test
    void changingAFileUnderThePathChangesTheId() throws Exception {
        MapSpecSource s = withFoo(src("sources:\n  - path: src/foo\n"));
        ArtifactId before = resolve(s).get("app").id();
        ArtifactId elsewhere = resolve(s.copy().put("src/foobar/other", "changed\n")).get("app").id();
        ArtifactId inside = resolve(s.copy().put("src/foo/sub/a.c", "int y;\n")).get("app").id();
        assertEquals(before, elsewhere);
        assertNotEquals(before, inside);
    }

    @Test
    void aMissingPathIsAnError() {
        SpecException e = specError(src("version: '1'\nsources:\n  - path: src/nothing\n"));
        assertAt(e, "pkgs/app.yaml", 3, 5);
        assertContains(e.getMessage(), "no directory 'src/nothing'");
    }

    @Test
    void aPathMustStayInsideTheStack() {
        SpecException up = specError(src("sources:\n  - path: src/../../etc\n"));
        assertAt(up, "pkgs/app.yaml", 2, 11);
        SpecException abs = specError(src("sources:\n  - path: /etc\n"));
        assertAt(abs, "pkgs/app.yaml", 2, 11);
    }

    @Test
    void aPathTakesNoKey() {
        SpecException e = specError(src("sources:\n  - path: src/foo\n    key: " + SHA_A + "\n"));
        assertAt(e, "pkgs/app.yaml", 2, 5);
    }

    // ------------------------------------------------------------------ shape of a source

    @Test
    void aSourceNeedsExactlyOneKind() {
        SpecException none = specError(src("sources:\n  - key: " + SHA_A + "\n"));
        assertAt(none, "pkgs/app.yaml", 2, 5);
        assertContains(none.getMessage(), "exactly one of 'url:'");
        SpecException two = specError(src("sources:\n  - url: https://a\n    path: src/foo\n"));
        assertAt(two, "pkgs/app.yaml", 2, 5);
    }

    @Test
    void anArchiveNeedsAKeyAndTheHintSaysHowToGetIt() {
        SpecException e = specError(src("sources:\n  - url: https://example.org/a.tgz\n"));
        assertAt(e, "pkgs/app.yaml", 2, 5);
        assertContains(e.hint(), "hd fetch https://example.org/a.tgz");
    }

    @Test
    void anArchiveCannotHaveATreeKey() {
        SpecException e = specError(src("sources:\n  - url: https://a\n    key: tree:" + FOO_TREE + "\n"));
        assertAt(e, "pkgs/app.yaml", 3, 10);
    }

    @Test
    void aKeyOfTheWrongLengthIsReported() {
        SpecException e = specError(src("sources:\n  - url: https://a\n    key: sha256:abc123\n"));
        assertAt(e, "pkgs/app.yaml", 3, 10);
        assertContains(e.getMessage(), "malformed source key");
        assertContains(e.getMessage(), "64 lowercase hex digits");
        assertContains(e.getMessage(), "6 characters after the colon");
        assertContains(e.hint(), "hd fetch");
    }

    @Test
    void aKeyOfAnUnknownKindIsReported() {
        SpecException e = specError(src("sources:\n  - url: https://a\n    key: md5:d41d8cd98f00b204e9800998ecf8427e\n"));
        assertAt(e, "pkgs/app.yaml", 3, 10);
        assertContains(e.getMessage(), "unknown key kind 'md5'");
    }

    @Test
    void anUppercaseKeyIsMalformed() {
        SpecException e = specError(src("sources:\n  - url: https://a\n    key: sha256:" + "A".repeat(64) + "\n"));
        assertAt(e, "pkgs/app.yaml", 3, 10);
    }

    @Test
    void aTargetMustStayInsideTheBuildDirectory() {
        SpecException e = specError(src("sources:\n  - url: https://a\n    key: " + SHA_A + "\n    target: ../x\n"));
        assertAt(e, "pkgs/app.yaml", 4, 13);
    }

    // ------------------------------------------------------------------ hd develop

    @Test
    void developReplacesTheSourcesWithTheLocalDirectory() throws Exception {
        MapSpecSource s = withFoo(stack("packages:\n  app:\n  user:\n"))
                .put("pkgs/app.yaml", "sources:\n  - path: src/foo\n  - {url: https://a, key: " + SHA_A + "}\n")
                .put("pkgs/user.yaml", "dependencies: {build: [app]}\n")
                .put("pkgs/other.yaml", "");
        ResolvedStack normal = resolve(s);
        Path dir = Path.of("/home/me/app");
        SourceKey key = SourceKey.tree("3".repeat(40));
        ResolvedStack dev = resolve(s, ResolveOptions.defaults()
                .withDevelop(Map.of("app", new ResolveOptions.Develop(dir, key))));
        assertEquals(List.of(new Source.Local(key, dir, ".")), dev.get("app").sources());
        assertNotEquals(normal.get("app").id(), dev.get("app").id());
        assertNotEquals(normal.get("user").id(), dev.get("user").id());

        ResolvedStack edited = resolve(s, ResolveOptions.defaults()
                .withDevelop(Map.of("app", new ResolveOptions.Develop(dir, SourceKey.tree("4".repeat(40))))));
        assertNotEquals(dev.get("app").id(), edited.get("app").id());
    }

    @Test
    void developDoesNotNeedTheSpecsOwnSourcesToBeAvailable() throws Exception {
        MapSpecSource s = src("sources:\n  - path: src/not-checked-in\n");
        SourceKey key = SourceKey.tree("3".repeat(40));
        ResolvedPackage p = resolve(s, ResolveOptions.defaults()
                .withDevelop(Map.of("app", new ResolveOptions.Develop(Path.of("/w"), key)))).get("app");
        assertEquals(key, p.sources().get(0).key());
    }
}
