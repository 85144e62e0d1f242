package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.DirectorySpecSource;
import dev.hd.resolver.FileStamp;
import dev.hd.resolver.HdException;
import dev.hd.resolver.SourceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecSourcesTest {
    @TempDir
    Path tmp;
    TestRepo t;
    String c1;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp.resolve("repo"));
        t.write(".gitignore", "*.log\nbuild/\n");
        t.write("stack/stack.yaml", "packages: {a: }\n");
        t.write("stack/pkgs/a.yaml", "version: 1\n");
        t.write("stack/pkgs/gone.yaml", "version: 0\n");
        t.write("stack/src/a/main.c", "int main(void) { return 0; }\n");
        t.write("stack/src/a/run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(t.dir.resolve("stack/src/a/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        c1 = t.commit("first");
    }

    private String gitTreeId(String commit, String path) throws Exception {
        try (RevWalk w = new RevWalk(t.git.getRepository());
                TreeWalk tw = TreeWalk.forPath(t.git.getRepository(), path, w.parseCommit(ObjectId.fromString(commit)).getTree())) {
            return tw.getObjectId(0).name();
        }
    }

    @Test
    void commitSourceReadsTheObjectDatabaseNotTheWorkingTree() throws Exception {
        t.write("stack/pkgs/a.yaml", "version: 2\n");
        t.write("stack/pkgs/new.yaml", "version: 3\n");
        try (StackRepo r = StackRepo.open(t.dir)) {
            GitCommitSpecSource s = r.atCommit(c1, "stack", "main");
            assertEquals("version: 1\n", new String(s.read("pkgs/a.yaml").orElseThrow(), StandardCharsets.UTF_8));
            assertEquals(Optional.empty(), s.read("pkgs/new.yaml"));
            assertEquals(Optional.empty(), s.read("pkgs"), "a directory is not a file");
            assertEquals(List.of("a.yaml", "gone.yaml"), s.list("pkgs"));
            assertEquals(List.of("pkgs/", "src/", "stack.yaml"), s.list(""));
            assertEquals(List.of(), s.list("nothing"));
            assertEquals(Optional.of(SourceKey.tree(gitTreeId(c1, "stack/src/a"))), s.treeKey("src/a"));
            assertEquals(Optional.empty(), s.treeKey("stack.yaml"));
            assertTrue(s.describe().contains(c1.substring(0, 12)), s.describe());

            Path out = tmp.resolve("out");
            Files.createDirectories(out);
            s.exportTree("src/a", out);
            assertEquals("int main(void) { return 0; }\n", Files.readString(out.resolve("main.c")));
            assertTrue(Files.getPosixFilePermissions(out.resolve("run.sh")).contains(PosixFilePermission.OWNER_EXECUTE));
            assertFalse(Files.getPosixFilePermissions(out.resolve("main.c")).contains(PosixFilePermission.OWNER_EXECUTE));
            // what was exported hashes, as a directory, to the key it was built under
            assertEquals(s.treeKey("src/a").orElseThrow(), new DirectorySpecSource(out).treeKey("").orElseThrow());
        }
    }

    @Test
    void commitSourceOfAMissingStackDirectoryIsAClearError() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            HdException e = assertThrows(HdException.class, () -> r.atCommit(c1, "elsewhere", null));
            assertTrue(e.getMessage().contains("no directory elsewhere"), e.getMessage());
        }
    }

    @Test
    void workingTreeHasModifiedAndUntrackedButNotIgnoredOrDeletedFiles() throws Exception {
        t.write("stack/pkgs/a.yaml", "version: 2\n");           // modified
        t.write("stack/pkgs/new.yaml", "version: 3\n");         // untracked
        t.write("stack/pkgs/debug.log", "noise\n");             // ignored
        t.write("stack/src/a/build/obj.o", "noise\n");          // in an ignored directory
        t.write("stack/.hd/state", "hd's own\n");               // hd's own
        Files.delete(t.dir.resolve("stack/pkgs/gone.yaml"));    // deleted
        try (StackRepo r = StackRepo.open(t.dir)) {
            WorkingTreeSpecSource s = r.workingTree("stack");
            assertEquals("version: 2\n", new String(s.read("pkgs/a.yaml").orElseThrow(), StandardCharsets.UTF_8));
            assertEquals("version: 3\n", new String(s.read("pkgs/new.yaml").orElseThrow(), StandardCharsets.UTF_8));
            assertEquals(Optional.empty(), s.read("pkgs/debug.log"));
            assertEquals(Optional.empty(), s.read("pkgs/gone.yaml"));
            assertEquals(Optional.empty(), s.read(".hd/state"));
            assertEquals(List.of("a.yaml", "new.yaml"), s.list("pkgs"));
            assertEquals(List.of("pkgs/", "src/", "stack.yaml"), s.list(""));
            // the ignored build/ directory does not change the key: it equals the committed tree's
            assertEquals(Optional.of(SourceKey.tree(gitTreeId(c1, "stack/src/a"))), s.treeKey("src/a"));
            Path out = tmp.resolve("out");
            Files.createDirectories(out);
            s.exportTree("src/a", out);
            assertFalse(Files.exists(out.resolve("build")));
            assertTrue(Files.isRegularFile(out.resolve("main.c")));
        }
    }

    @Test
    void workingTreeKeyFollowsUncommittedChangesLikeGitWould() throws Exception {
        t.write("stack/src/a/main.c", "int main(void) { return 1; }\n");
        t.write("stack/src/a/extra.h", "#define X 1\n");
        try (StackRepo r = StackRepo.open(t.dir)) {
            SourceKey wt = r.workingTree("stack").treeKey("src/a").orElseThrow();
            assertNotEquals(SourceKey.tree(gitTreeId(c1, "stack/src/a")), wt);
            String c2 = t.commit("second");
            assertEquals(SourceKey.tree(gitTreeId(c2, "stack/src/a")), wt, "the id git computes once it is committed");
            assertEquals(wt, r.atCommit(c2, "stack", null).treeKey("src/a").orElseThrow());
        }
    }

    @Test
    void aTrackedFileMatchingAnIgnoreRuleStillCounts() throws Exception {
        t.write(".gitignore", "");
        t.write("stack/pkgs/tracked.log", "kept\n");
        t.commit("a log file, tracked");
        t.write(".gitignore", "*.log\n");
        try (StackRepo r = StackRepo.open(t.dir)) {
            assertTrue(r.workingTree("stack").read("pkgs/tracked.log").isPresent());
        }
    }

    @Test
    void workingTreeStampsCoverEveryFileReadAndTheIgnoreRules() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            WorkingTreeSpecSource s = r.workingTree("stack");
            s.read("stack.yaml");
            s.treeKey("src/a");
            List<Path> paths = s.stamps().stream().map(FileStamp::path).toList();
            assertTrue(paths.contains(t.dir.resolve("stack/stack.yaml")), paths.toString());
            assertTrue(paths.contains(t.dir.resolve("stack/src/a/main.c")), paths.toString());
            assertTrue(paths.contains(t.dir.resolve(".gitignore")), paths.toString());
            assertTrue(paths.contains(t.dir.resolve("stack/pkgs")), paths.toString());
            assertTrue(s.stamps().stream().allMatch(FileStamp::isCurrent));
        }
    }
}
