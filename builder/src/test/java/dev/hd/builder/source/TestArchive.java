package dev.hd.builder.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Builds archives for tests, entry by entry, including the hostile entries a real tool would
 * refuse to write ({@code ../evil}, absolute paths, escaping links, device files).
 */
public final class TestArchive {
    /** 2001-09-09, well in the past: a file unpacked "now" would not have it by accident. */
    public static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    private record Entry(String name, byte type, byte[] data, int mode, FileTime mtime, String link) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public TestArchive dir(String name) {
        return dir(name, 0755, OLD);
    }

    public TestArchive dir(String name, int mode, FileTime mtime) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, new byte[0], mode, mtime, null));
        return this;
    }

    public TestArchive file(String name, String content) {
        return file(name, content, 0644, OLD);
    }

    public TestArchive file(String name, String content, int mode, FileTime mtime) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode, mtime);
    }

    public TestArchive file(String name, byte[] content, int mode, FileTime mtime) {
        entries.add(new Entry(name, TarConstants.LF_NORMAL, content, mode, mtime, null));
        return this;
    }

    public TestArchive symlink(String name, String target) {
        entries.add(new Entry(name, TarConstants.LF_SYMLINK, new byte[0], 0777, OLD, target));
        return this;
    }

    public TestArchive hardlink(String name, String target) {
        entries.add(new Entry(name, TarConstants.LF_LINK, new byte[0], 0644, OLD, target));
        return this;
    }

    public TestArchive charDevice(String name) {
        entries.add(new Entry(name, TarConstants.LF_CHR, new byte[0], 0644, OLD, null));
        return this;
    }

    /** Compression of a tar archive. */
    public enum Compression { NONE, GZIP, BZIP2, XZ }

    public Path writeTar(Path file, Compression c) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream comp = switch (c) {
                 case NONE -> new NonClosing(raw);
                 case GZIP -> new GzipCompressorOutputStream(raw);
                 case BZIP2 -> new BZip2CompressorOutputStream(raw);
                 case XZ -> new XZCompressorOutputStream(raw);
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(comp)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry te = new TarArchiveEntry(e.name, e.type, true);
                te.setMode(e.mode);
                te.setLastModifiedTime(e.mtime);
                if (e.link != null) {
                    te.setLinkName(e.link);
                }
                if (e.type == TarConstants.LF_NORMAL) {
                    te.setSize(e.data.length);
                }
                tar.putArchiveEntry(te);
                if (e.type == TarConstants.LF_NORMAL) {
                    tar.write(e.data);
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Zips the entries (symlinks as unix-mode symlink entries; hard links and devices have no zip form). */
    public Path writeZip(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (Entry e : entries) {
                ZipArchiveEntry ze = new ZipArchiveEntry(e.name);
                ze.setLastModifiedTime(e.mtime);
                if (e.type == TarConstants.LF_SYMLINK) {
                    ze.setUnixMode(UnixStat.LINK_FLAG | 0777);
                    zip.putArchiveEntry(ze);
                    zip.write(e.link.getBytes(StandardCharsets.UTF_8));
                } else if (e.type == TarConstants.LF_DIR) {
                    ze.setUnixMode(UnixStat.DIR_FLAG | e.mode);
                    zip.putArchiveEntry(ze);
                } else if (e.type == TarConstants.LF_NORMAL) {
                    ze.setUnixMode(UnixStat.FILE_FLAG | e.mode);
                    zip.putArchiveEntry(ze);
                    zip.write(e.data);
                } else {
                    throw new IllegalArgumentException("zip has no entry of type " + (char) e.type);
                }
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Lets the tar stream close without closing the file twice. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
