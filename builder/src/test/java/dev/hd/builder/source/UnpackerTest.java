package dev.hd.builder.source;

import static dev.hd.builder.Hints.hinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.builder.source.TestArchive.Compression;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnpackerTest {
    static final FileTime NEWER = FileTime.fromMillis(TestArchive.OLD.toMillis() + 3_600_000L);

    @TempDir
    Path tmp;

    Path target() {
        return tmp.resolve("out");
    }

    /** Every path under dir, relative, sorted: what a test expects to find. */
    static List<String> tree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    static TestArchive autotoolsLike() {
        return new TestArchive()
                .dir("pkg-1.0", 0755, TestArchive.OLD)
                .file("pkg-1.0/configure.ac", "AC_INIT\n", 0644, TestArchive.OLD)
                .file("pkg-1.0/configure", "#!/bin/sh\n", 0755, NEWER)
                .dir("pkg-1.0/src", 0755, TestArchive.OLD)
                .file("pkg-1.0/src/a.c", "int a;\n")
                .symlink("pkg-1.0/src/b.c", "a.c");
    }

    // --- formats

    @ParameterizedTest
    @EnumSource(Compression.class)
    void unpacksEveryTarCompression(Compression c) throws Exception {
        Path a = autotoolsLike().writeTar(tmp.resolve("a"), c);
        assertEquals(switch (c) {
            case NONE -> Unpacker.Format.TAR;
            case GZIP -> Unpacker.Format.GZIP;
            case BZIP2 -> Unpacker.Format.BZIP2;
            case XZ -> Unpacker.Format.XZ;
        }, Unpacker.detect(a));
        Unpacker.unpack(a, target(), true);
        assertEquals(List.of("configure", "configure.ac", "src", "src/a.c", "src/b.c"), tree(target()));
        assertEquals("int a;\n", Files.readString(target().resolve("src/b.c")));
    }

    @Test
    void unpacksZipWithModesAndSymlinks() throws Exception {
        Path a = autotoolsLike().writeZip(tmp.resolve("a"));
        assertEquals(Unpacker.Format.ZIP, Unpacker.detect(a));
        Unpacker.unpack(a, target(), true);
        assertEquals(List.of("configure", "configure.ac", "src", "src/a.c", "src/b.c"), tree(target()));
        assertTrue(Files.isSymbolicLink(target().resolve("src/b.c")));
        assertTrue(Files.getPosixFilePermissions(target().resolve("configure")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertFalse(Files.getPosixFilePermissions(target().resolve("configure.ac")).contains(PosixFilePermission.OWNER_EXECUTE));
    }

    // --- stripping

    @Test
    void stripsTheTopDirectoryEvenWithoutAnEntryForIt() throws Exception {
        // like bzip2-1.0.8.tar.gz: files under bzip2-1.0.8/ but no entry for the directory
        Path a = new TestArchive().file("bzip2-1.0.8/bzlib.h", "h").file("bzip2-1.0.8/doc/x.txt", "x")
                .writeTar(tmp.resolve("a"), Compression.GZIP);
        Unpacker.unpack(a, target(), true);
        assertEquals(List.of("bzlib.h", "doc", "doc/x.txt"), tree(target()));
    }

    @Test
    void keepsEverythingWhenThereAreSeveralTopEntriesOrStripIsOff() throws Exception {
        Path several = new TestArchive().file("a/x", "x").file("b/y", "y").writeTar(tmp.resolve("s"), Compression.NONE);
        Unpacker.unpack(several, target(), true);
        assertEquals(List.of("a", "a/x", "b", "b/y"), tree(target()));

        Path one = autotoolsLike().writeTar(tmp.resolve("o"), Compression.NONE);
        Unpacker.unpack(one, tmp.resolve("nostrip"), false);
        assertTrue(Files.isRegularFile(tmp.resolve("nostrip/pkg-1.0/configure")));
    }

    @Test
    void aSingleTopFileIsNotStripped() throws Exception {
        Path a = new TestArchive().file("./README", "r").writeTar(tmp.resolve("a"), Compression.NONE);
        Unpacker.unpack(a, target(), true);
        assertEquals(List.of("README"), tree(target()));
    }

    // --- what is kept

    @Test
    void keepsExecBitsAndModificationTimesOfFilesAndDirectories() throws Exception {
        Path a = autotoolsLike().writeTar(tmp.resolve("a"), Compression.GZIP);
        Unpacker.unpack(a, target(), true);
        Set<PosixFilePermission> conf = Files.getPosixFilePermissions(target().resolve("configure"));
        assertTrue(conf.contains(PosixFilePermission.OWNER_EXECUTE) && conf.contains(PosixFilePermission.OTHERS_EXECUTE), conf.toString());
        assertFalse(Files.getPosixFilePermissions(target().resolve("src/a.c")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertEquals(TestArchive.OLD, Files.getLastModifiedTime(target().resolve("configure.ac")));
        assertEquals(NEWER, Files.getLastModifiedTime(target().resolve("configure")));
        assertEquals(TestArchive.OLD, Files.getLastModifiedTime(target().resolve("src")), "directory times are set last");
    }

    @Test
    void readOnlyEntriesStayWritableByTheOwnerSoTheBuildDirectoryCanBePatchedAndRemoved() throws Exception {
        Path a = new TestArchive().dir("p/ro", 0555, TestArchive.OLD).file("p/ro/f", "f", 0444, TestArchive.OLD)
                .writeTar(tmp.resolve("a"), Compression.NONE);
        Unpacker.unpack(a, target(), true);
        assertTrue(Files.getPosixFilePermissions(target().resolve("ro")).contains(PosixFilePermission.OWNER_WRITE));
        assertTrue(Files.getPosixFilePermissions(target().resolve("ro/f")).contains(PosixFilePermission.OWNER_WRITE));
        assertTrue(Files.getPosixFilePermissions(target().resolve("ro/f")).contains(PosixFilePermission.GROUP_READ));
        assertFalse(Files.getPosixFilePermissions(target().resolve("ro/f")).contains(PosixFilePermission.GROUP_WRITE));
    }

    @Test
    void hardLinksInsideTheArchiveWork() throws Exception {
        Path a = new TestArchive().file("p/a", "same").hardlink("p/b", "p/a").writeTar(tmp.resolve("a"), Compression.NONE);
        Unpacker.unpack(a, target(), true);
        assertEquals("same", Files.readString(target().resolve("b")));
        assertTrue(Files.isSameFile(target().resolve("a"), target().resolve("b")));
    }

    @Test
    void linksThatStayInsideAreKeptEvenWhenDangling() throws Exception {
        Path a = new TestArchive()
                .file("p/include/x.h", "x")
                .symlink("p/src/x.h", "../include/x.h")
                .symlink("p/src/later.h", "../gen/later.h")
                .writeTar(tmp.resolve("a"), Compression.NONE);
        Unpacker.unpack(a, target(), true);
        assertEquals("x", Files.readString(target().resolve("src/x.h")));
        assertEquals("../gen/later.h", Files.readSymbolicLink(target().resolve("src/later.h")).toString());
    }

    @Test
    void mergesIntoAnExistingTargetAndALaterEntryWins() throws Exception {
        Files.createDirectories(target().resolve("src"));
        Files.writeString(target().resolve("src/mine"), "kept");
        Files.writeString(target().resolve("configure"), "old");
        Path a = autotoolsLike().file("pkg-1.0/configure", "#!/bin/sh\n# second\n", 0755, NEWER)
                .writeTar(tmp.resolve("a"), Compression.NONE);
        Unpacker.unpack(a, target(), true);
        assertEquals("kept", Files.readString(target().resolve("src/mine")));
        assertEquals("#!/bin/sh\n# second\n", Files.readString(target().resolve("configure")));
        assertFalse(tree(target()).stream().anyMatch(p -> p.contains(".hd-unpack")), tree(target()).toString());
    }

    // --- refusals: nothing escapes, nothing is left behind

    HdException refused(TestArchive t, boolean zip) throws IOException {
        Path a = zip ? t.writeZip(tmp.resolve("evil.zip")) : t.writeTar(tmp.resolve("evil.tar.gz"), Compression.GZIP);
        HdException e = hinted(HdException.class, () -> Unpacker.unpack(a, target(), true));
        assertTrue(e.getMessage().contains(a.toString()), "names the archive: " + e.getMessage());
        assertFalse(Files.exists(target()), "target left behind: " + tree(target()));
        assertFalse(Files.exists(tmp.resolve("evil")), "wrote outside the target");
        assertFalse(Files.exists(tmp.resolve("pwned")), "wrote outside the target");
        return e;
    }

    @Test
    void refusesDotDotEntries() throws Exception {
        for (boolean zip : new boolean[] {false, true}) {
            HdException e = refused(new TestArchive().file("p/ok", "ok").file("../evil", "boom"), zip);
            assertTrue(e.getMessage().contains("entry '../evil'") && e.getMessage().contains("'..'"), e.getMessage());
        }
        HdException inner = refused(new TestArchive().file("p/a/../../evil", "boom"), false);
        assertTrue(inner.getMessage().contains("'..'"), inner.getMessage());
    }

    @Test
    void refusesAbsolutePaths() throws Exception {
        for (boolean zip : new boolean[] {false, true}) {
            HdException e = refused(new TestArchive().file(tmp.resolve("evil").toString(), "boom"), zip);
            assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
        }
    }

    @Test
    void refusesEscapingSymlinks() throws Exception {
        for (boolean zip : new boolean[] {false, true}) {
            HdException up = refused(new TestArchive().file("p/a", "a").symlink("p/up", "../../evil"), zip);
            assertTrue(up.getMessage().contains("entry 'p/up'") && up.getMessage().contains("outside"), up.getMessage());
            HdException abs = refused(new TestArchive().symlink("p/passwd", "/etc/passwd"), zip);
            assertTrue(abs.getMessage().contains("absolute path '/etc/passwd'"), abs.getMessage());
        }
    }

    @Test
    void refusesASymlinkThatClimbsOutOnlyThroughAnotherLink() throws Exception {
        // as text "a/a/../.." is the tree's own root; followed, a -> . makes it climb two levels up
        HdException e = refused(new TestArchive().dir("p").symlink("p/a", ".").symlink("p/b", "a/a/../.."), false);
        assertTrue(e.getMessage().contains("entry 'p/b'") && e.getMessage().contains("through other links"), e.getMessage());
    }

    @Test
    void refusesWritingThroughASymlink() throws Exception {
        Files.createDirectories(tmp.resolve("victim"));
        HdException e = refused(new TestArchive().symlink("link", "../victim").file("link/pwned", "boom"), false);
        assertTrue(e.getMessage().contains("through the symbolic link 'link'"), e.getMessage());
        assertEquals(List.of(), tree(tmp.resolve("victim")));
    }

    @Test
    void refusesEscapingHardLinks() throws Exception {
        HdException up = refused(new TestArchive().file("p/a", "a").hardlink("p/h", "../../evil"), false);
        assertTrue(up.getMessage().contains("'..'"), up.getMessage());
        HdException abs = refused(new TestArchive().file("p/a", "a").hardlink("p/h", "/etc/passwd"), false);
        assertTrue(abs.getMessage().contains("absolute path"), abs.getMessage());
        HdException missing = refused(new TestArchive().file("p/a", "a").hardlink("p/h", "p/nothing"), false);
        assertTrue(missing.getMessage().contains("not a file unpacked earlier"), missing.getMessage());
    }

    @Test
    void refusesDeviceFiles() throws Exception {
        HdException e = refused(new TestArchive().file("p/a", "a").charDevice("p/tty"), false);
        assertTrue(e.getMessage().contains("entry 'p/tty'") && e.getMessage().contains("device file"), e.getMessage());
    }

    @Test
    void aRefusalLeavesAnExistingTargetAsItWas() throws Exception {
        Files.createDirectories(target());
        Files.writeString(target().resolve("earlier"), "e");
        Path a = new TestArchive().file("p/new", "n").file("p/../../evil", "x").writeTar(tmp.resolve("a"), Compression.NONE);
        hinted(HdException.class, () -> Unpacker.unpack(a, target(), true));
        assertEquals(List.of("earlier"), tree(target()));
    }

    @Test
    void capsEntriesAndBytes() throws Exception {
        TestArchive t = new TestArchive();
        for (int i = 0; i < 5; i++) {
            t.file("p/f" + i, "0123456789");
        }
        Path a = t.writeTar(tmp.resolve("a"), Compression.GZIP);
        HdException entries = hinted(HdException.class,
                () -> Unpacker.unpack(a, target(), true, new Unpacker.Limits(1 << 20, 3)));
        assertTrue(entries.getMessage().contains("more than 3 entries"), entries.getMessage());
        HdException bytes = hinted(HdException.class,
                () -> Unpacker.unpack(a, target(), true, new Unpacker.Limits(25, 100)));
        assertTrue(bytes.getMessage().contains("more than 25 bytes"), bytes.getMessage());
        assertFalse(Files.exists(target()));
        Unpacker.unpack(a, target(), true, new Unpacker.Limits(50, 5));
        assertEquals(5, tree(target()).size());
    }

    // --- not archives

    @Test
    void unknownTruncatedAndMismatchedInputsGiveClearErrors() throws Exception {
        Path text = Files.writeString(tmp.resolve("text"), "hello, this is not an archive\n");
        HdException unknown = hinted(HdException.class, () -> Unpacker.unpack(text, target(), true));
        assertTrue(unknown.getMessage().contains("unknown archive format"), unknown.getMessage());

        Path zstd = Files.write(tmp.resolve("zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0});
        HdException z = hinted(HdException.class, () -> Unpacker.unpack(zstd, target(), true));
        assertTrue(z.getMessage().contains("zstd"), z.getMessage());

        byte[] good = Files.readAllBytes(autotoolsLike().writeTar(tmp.resolve("good"), Compression.GZIP));
        Path cut = Files.write(tmp.resolve("cut"), java.util.Arrays.copyOf(good, good.length / 2));
        HdException t = hinted(HdException.class, () -> Unpacker.unpack(cut, target(), true));
        assertTrue(t.getMessage().contains("corrupt or truncated"), t.getMessage());
        assertFalse(Files.exists(target()), "nothing left after a truncated archive: " + tree(target()));
        assertFalse(Files.exists(target(), LinkOption.NOFOLLOW_LINKS));
    }
}
