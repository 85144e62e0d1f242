package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackRepoTest {
    @TempDir
    Path tmp;
    TestRepo t;
    String c1;
    String c2;
    String c3;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp.resolve("repo"));
        c1 = t.write("stack.yaml", "packages: {}\n").commit("one");
        t.git.tag().setName("v1").call();
        c2 = t.write("a.txt", "a\n").commit("two");
        t.git.tag().setName("v2").setAnnotated(true).setMessage("annotated").call();
        c3 = t.write("b.txt", "b\n").commit("three");
        t.git.branchCreate().setName("other").setStartPoint(c1).call();
    }

    @Test
    void revisionsAsGitUsersWriteThem() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            assertEquals(c3, r.resolveCommit("main"));
            assertEquals(c3, r.resolveCommit("HEAD"));
            assertEquals(c1, r.resolveCommit("HEAD~2"));
            assertEquals(c2, r.resolveCommit("main^"));
            assertEquals(c1, r.resolveCommit("v1"));
            assertEquals(c2, r.resolveCommit("v2"), "an annotated tag peels to its commit");
            assertEquals(c1, r.resolveCommit("other"));
            assertEquals(c2, r.resolveCommit(c2));
            assertEquals(c2, r.resolveCommit(c2.substring(0, 8)));
            assertEquals(c2, r.resolveCommit("main@{1}"), "the reflog: where main was one move ago");
            assertEquals(Optional.of("main"), r.branch());
            assertEquals(Optional.of(c3), r.head());
            assertEquals("two", r.subject(c2));
        }
    }

    @Test
    void unknownRevisionsSayWhatAndWhere() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            for (String bad : new String[] {"foo", "HEAD~9", "main@{42}", "0000000", "v1..v2x"}) {
                HdException e = assertThrows(HdException.class, () -> r.resolveCommit(bad), bad);
                assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
                assertTrue(e.getMessage().contains(r.topLevel().toString()), e.getMessage());
            }
            HdException e = assertThrows(HdException.class, () -> r.resolveCommit("foo"));
            assertEquals("unknown revision 'foo': not a branch, tag or commit in " + r.topLevel(), e.getMessage());
        }
    }

    @Test
    void foundFromASubdirectoryAndNotOutsideARepository() throws Exception {
        Files.createDirectories(t.dir.resolve("sub/deeper"));
        try (StackRepo r = StackRepo.find(t.dir.resolve("sub/deeper")).orElseThrow()) {
            assertEquals(t.dir.toRealPath(), r.topLevel().toRealPath());
            assertEquals("sub/deeper", r.relativePath(t.dir.resolve("sub/deeper")));
            assertEquals("", r.relativePath(t.dir));
        }
        Files.createDirectories(tmp.resolve("plain"));
        assertEquals(Optional.empty(), StackRepo.find(tmp.resolve("plain")));
        HdException e = assertThrows(HdException.class, () -> StackRepo.open(tmp.resolve("plain")));
        assertTrue(e.getMessage().startsWith("not a git repository"), e.getMessage());
    }
}
