package dev.hd.gitstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingTreeDiffTest {
    @TempDir
    Path tmp;
    TestRepo t;
    String c1;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp.resolve("repo"));
        t.write(".gitignore", "*.log\n");
        t.write("README", "outside the stack\n");
        t.write("stack/stack.yaml", "packages: {a: }\n");
        t.write("stack/pkgs/a.yaml", "version: 1\n");
        t.write("stack/pkgs/b.yaml", "version: 1\n");
        t.write("stack/src/run.sh", "#!/bin/sh\n");
        c1 = t.commit("first");
    }

    private List<String> diff(String commit, String dir) throws Exception {
        try (StackRepo r = StackRepo.open(t.dir)) {
            return r.diffWorkingTree(commit, dir).stream().map(WorkingTreeDiff.Change::toString).toList();
        }
    }

    @Test
    void aCleanWorkingTreeDiffersInNothing() throws Exception {
        t.write("stack/debug.log", "ignored\n");
        t.write("stack/.hd/profile.stale", "hd's own\n");
        assertEquals(List.of(), diff(c1, "stack"));
        assertEquals(List.of("A stack/.hd/profile.stale"), diff(c1, ""), "another stack's .hd/ is just a directory");
        t.write(".git/info/exclude", ".hd/\n"); // what hd build adds
        assertEquals(List.of(), diff(c1, ""));
    }

    @Test
    void changesAdditionsDeletionsAndModeChangesInsideTheStackOnly() throws Exception {
        t.write("stack/pkgs/a.yaml", "version: 2\n");
        t.write("stack/pkgs/new.yaml", "version: 3\n");
        t.write("README", "changed, but not part of the stack\n");
        Files.delete(t.dir.resolve("stack/pkgs/b.yaml"));
        Files.setPosixFilePermissions(t.dir.resolve("stack/src/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of("M pkgs/a.yaml", "D pkgs/b.yaml", "A pkgs/new.yaml", "M src/run.sh"), diff(c1, "stack"));
        assertEquals(List.of("M README", "M stack/pkgs/a.yaml", "D stack/pkgs/b.yaml", "A stack/pkgs/new.yaml",
                "M stack/src/run.sh"), diff(c1, ""));
    }

    @Test
    void againstAnOlderCommitTheCommittedChangesShow() throws Exception {
        t.write("stack/pkgs/a.yaml", "version: 2\n");
        t.commit("second");
        assertEquals(List.of("M pkgs/a.yaml"), diff(c1, "stack"), "the working tree is at the second commit");
        t.write("stack/pkgs/a.yaml", "version: 1\n");
        assertEquals(List.of(), diff(c1, "stack"), "an uncommitted change back to the old content");
    }

    @Test
    void treeIdsOfStackDirectories() throws Exception {
        try (StackRepo r = StackRepo.open(t.dir);
                RevWalk w = new RevWalk(t.git.getRepository())) {
            var root = w.parseCommit(ObjectId.fromString(c1)).getTree();
            try (TreeWalk tw = TreeWalk.forPath(t.git.getRepository(), "stack", root)) {
                assertEquals(Optional.of(tw.getObjectId(0).name()), r.treeId(c1, "stack"));
            }
            assertEquals(Optional.of(root.name()), r.treeId(c1, ""));
            assertEquals(Optional.empty(), r.treeId(c1, "nowhere"));
            assertEquals(Optional.empty(), r.treeId(c1, "README"), "a file is no stack directory");
        }
    }

    @Test
    void jgitIsToldTheFileSystemTimingsInsteadOfMeasuringThemInEveryProcess() throws Exception {
        IsolatedGitConfig.install();
        var user = SystemReader.getInstance().getUserConfig();
        assertEquals(2000L, user.getTimeUnit("filesystem", "any-file-store", "timestampResolution", -1,
                java.util.concurrent.TimeUnit.MILLISECONDS));
        assertEquals(0L, user.getTimeUnit("filesystem", "any-file-store", "minRacyThreshold", -1,
                java.util.concurrent.TimeUnit.MILLISECONDS));
        assertEquals(null, user.getString("core", null, "autocrlf"), "nothing else is configured");
    }
}
