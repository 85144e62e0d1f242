package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.FileStamp;
import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bare mirrors of upstream repositories, against real repositories in a temp directory (file URLs, no network). */
class UpstreamMirrorsTest {
    @TempDir
    Path tmp;
    TestRepo up;
    String url;
    UpstreamMirrors mirrors;

    @BeforeEach
    void setUp() throws Exception {
        up = new TestRepo(tmp.resolve("up"));
        url = up.dir.toUri().toString();
        mirrors = new UpstreamMirrors(k -> tmp.resolve("store/src/git/" + k + ".git"), k -> tmp.resolve("store/locks/git-" + k));
    }

    @Test
    void mirrorKeysAreReadableAndUnique() {
        String k = UpstreamMirrors.mirrorKey("https://github.com/example/foo.git");
        assertTrue(k.matches("github\\.com-example-foo-[0-9a-f]{16}"), k);
        assertEquals(k, UpstreamMirrors.mirrorKey("https://github.com/example/foo.git/"));
        assertNotEquals(k, UpstreamMirrors.mirrorKey("https://gitlab.com/example/foo.git"));
        assertTrue(UpstreamMirrors.mirrorKey("git@host:a/b").startsWith("host-a-b-"));
        assertTrue(UpstreamMirrors.mirrorKey("https://x/" + "y".repeat(200)).length() <= 57);
    }

    @Test
    void fetchMakesAMirrorAndRefsAreReadWithoutTheNetwork() throws Exception {
        String c1 = up.write("a.txt", "1").commit("one");
        up.git.tag().setName("v1").setAnnotated(true).setMessage("v1").call();
        assertFalse(mirrors.exists(url));
        assertEquals(Optional.empty(), mirrors.localRef(url, "branch:main"));
        UpstreamMirrors.Fetched f = mirrors.fetch(url);
        assertTrue(f.created());
        assertTrue(Files.isRegularFile(mirrors.mirror(url).resolve("HEAD")));
        assertEquals(Optional.of(c1), mirrors.localRef(url, "branch:main"));
        assertEquals(Optional.of(c1), mirrors.localRef(url, "tag:v1"), "annotated tags are peeled to their commit");
        assertEquals(Optional.empty(), mirrors.localRef(url, "branch:nope"));

        List<FileStamp> stamps = mirrors.refStamps(url, "branch:main");
        String c2 = up.write("a.txt", "2").commit("two");
        assertEquals(Optional.of(c1), mirrors.localRef(url, "branch:main"), "no fetch, no move");
        assertTrue(stamps.stream().allMatch(FileStamp::isCurrent));
        assertEquals(Optional.of(c2), mirrors.remoteRef(url, "branch:main"));
        UpstreamMirrors.Fetched again = mirrors.fetch(url);
        assertFalse(again.created());
        assertEquals(c2, again.updated().get("refs/heads/main"));
        assertEquals(Optional.of(c2), mirrors.localRef(url, "branch:main"));
        assertFalse(stamps.stream().allMatch(FileStamp::isCurrent), "the stamps show that the ref moved");
    }

    @Test
    void keptCommitsSurviveAPruningFetchAndMissingOnesAreClearErrors() throws Exception {
        String c1 = up.write("a.txt", "1").commit("one");
        up.git.branchCreate().setName("topic").call();
        up.git.checkout().setName("topic").call();
        String onTopic = up.write("t.txt", "t").commit("topic");
        mirrors.fetch(url);
        mirrors.ensureCommit(url, onTopic);
        up.git.checkout().setName("main").call();
        up.git.branchDelete().setBranchNames("topic").setForce(true).call();
        mirrors.fetch(url);
        assertEquals(Optional.empty(), mirrors.localRef(url, "branch:topic"), "pruned like git fetch --prune");
        assertTrue(mirrors.hasCommit(url, onTopic), "kept by refs/hd/keep/");
        assertTrue(mirrors.hasCommit(url, c1));

        HdException e = assertThrows(HdException.class, () -> mirrors.ensureCommit(url, "ab".repeat(20)));
        assertTrue(e.getMessage().contains("commit " + "ab".repeat(20) + " is not in " + url), e.getMessage());
        HdException unreachable = assertThrows(HdException.class,
                () -> new UpstreamMirrors(k -> tmp.resolve("other/" + k), k -> tmp.resolve("other/" + k + ".lock"))
                        .ensureCommit(tmp.resolve("nowhere").toUri().toString(), c1));
        assertTrue(unreachable.getMessage().contains("is not in the mirror") && unreachable.getMessage().contains("fetching it failed"),
                unreachable.getMessage());
    }

    @Test
    void exportWritesTheTreeWithExecutableBitsAndLinks() throws Exception {
        up.write("src/run.sh", "#!/bin/sh\n").write("README", "hi");
        Files.setPosixFilePermissions(up.dir.resolve("src/run.sh"), java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        Files.createSymbolicLink(up.dir.resolve("link"), Path.of("README"));
        String c = up.commit("files");
        Path out = Files.createDirectories(tmp.resolve("out"));
        mirrors.export(url, c, out); // fetches: the mirror did not exist
        assertEquals("hi", Files.readString(out.resolve("README")));
        assertTrue(Files.isExecutable(out.resolve("src/run.sh")));
        assertFalse(Files.isExecutable(out.resolve("README")));
        assertEquals(Path.of("README"), Files.readSymbolicLink(out.resolve("link")));
        assertTrue(mirrors.mirror(url).resolve(UpstreamMirrors.KEEP_PREFIX + c).toFile().exists()
                || Files.readString(mirrors.mirror(url).resolve(Constants.PACKED_REFS)).contains(c));

        Files.delete(up.dir.resolve("link"));
        Files.createSymbolicLink(up.dir.resolve("link"), Path.of("../../etc/passwd"));
        String bad = up.commit("escaping link");
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        HdException e = assertThrows(HdException.class, () -> mirrors.export(url, bad, out2));
        assertTrue(e.getMessage().contains("symbolic link 'link' -> '../../etc/passwd' leading outside the tree"), e.getMessage());
    }
}
