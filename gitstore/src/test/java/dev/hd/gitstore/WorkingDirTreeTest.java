package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.GitTreeHasher;
import dev.hd.resolver.HdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git's view of a develop directory: the tree id git would write, uncommitted changes included. */
class WorkingDirTreeTest {
    @TempDir
    Path tmp;

    private static String treeOf(TestRepo r, String commit, String path) throws Exception {
        try (RevWalk w = new RevWalk(r.git.getRepository())) {
            ObjectId tree = w.parseCommit(ObjectId.fromString(commit)).getTree();
            if (path.isEmpty()) {
                return tree.name();
            }
            try (TreeWalk tw = TreeWalk.forPath(r.git.getRepository(), path, tree)) {
                return tw.getObjectId(0).name();
            }
        }
    }

    @Test
    void aCleanCheckoutHasItsCommitsTreeIdAndAnEditChangesIt() throws Exception {
        try (TestRepo r = new TestRepo(tmp.resolve("w"))) {
            r.write("src/a.c", "int a;\n").write("src/b.c", "int b;\n").write("Makefile", "all:\n").write(".gitignore", "*.o\nbuild/\n");
            String c = r.commit("one");
            r.write("src/a.o", "object").write("build/x", "ignored dir");
            WorkingDirTree.Snapshot clean = WorkingDirTree.scan(r.dir);
            assertEquals("tree:" + treeOf(r, c, ""), clean.key().toString(), "the id git write-tree gives");
            assertEquals(List.of(), clean.changed());
            assertEquals(c, clean.head().orElseThrow());
            assertEquals(List.of(".gitignore", "Makefile", "src/a.c", "src/b.c"),
                    clean.entries().stream().map(WorkingDirTree.Entry::path).toList(), "ignored files are left out");

            r.write("src/b.c", "int b = 2;\n").write("NEW", "untracked");
            Files.delete(r.dir.resolve("Makefile"));
            WorkingDirTree.Snapshot edited = WorkingDirTree.scan(r.dir);
            assertNotEquals(clean.key(), edited.key());
            assertEquals(List.of("Makefile", "NEW", "src/b.c"), edited.changed());
            String c2 = r.commit("two");
            assertEquals("tree:" + treeOf(r, c2, ""), WorkingDirTree.scan(r.dir).key().toString(),
                    "committing the edit gives the key it had uncommitted");
            assertEquals(edited.key(), WorkingDirTree.scan(r.dir).key());
        }
    }

    @Test
    void aSubdirectoryOfARepositoryIsKeyedAsItsSubtree() throws Exception {
        try (TestRepo r = new TestRepo(tmp.resolve("w"))) {
            r.write("lib/x.c", "x").write("lib/sub/y.c", "y").write("other.txt", "o");
            String c = r.commit("one");
            WorkingDirTree.Snapshot s = WorkingDirTree.scan(r.dir.resolve("lib"));
            assertEquals("tree:" + treeOf(r, c, "lib"), s.key().toString());
            assertEquals(List.of("sub/y.c", "x.c"), s.entries().stream().map(WorkingDirTree.Entry::path).toList());
        }
    }

    @Test
    void aPlainDirectoryIsHashedLikeGitTreeHasherDoes() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("plain/sub"));
        Files.writeString(d.resolve("f"), "content");
        Files.writeString(tmp.resolve("plain/g"), "other");
        WorkingDirTree.Snapshot s = WorkingDirTree.scan(tmp.resolve("plain"));
        assertFalse(s.inGit());
        assertEquals(GitTreeHasher.hashDirectory(tmp.resolve("plain"), rel -> true).orElseThrow(), s.key().digest());
    }

    @Test
    void nestedRepositoriesAreRefused() throws Exception {
        try (TestRepo r = new TestRepo(tmp.resolve("w"))) {
            r.write("a", "a").commit("outer");
            try (TestRepo inner = new TestRepo(tmp.resolve("w/vendor/inner"))) {
                inner.write("i", "i").commit("inner");
                HdException e = assertThrows(HdException.class, () -> WorkingDirTree.scan(r.dir));
                assertTrue(e.getMessage().contains("has a nested git repository at 'vendor/inner'")
                        && e.getMessage().contains("does not support submodules"), e.getMessage());
                r.commit("adds it as a gitlink");
                HdException sub = assertThrows(HdException.class, () -> WorkingDirTree.scan(r.dir));
                assertTrue(sub.getMessage().contains("has a submodule at 'vendor/inner'"), sub.getMessage());
            }
        }
    }
}
