package dev.hd.builder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads from an ELF file: the libraries it needs ({@code DT_NEEDED}),
 * where to look for them ({@code DT_RPATH}, {@code DT_RUNPATH}) and the interpreter
 * ({@code PT_INTERP}). Read the way {@code ld.so} does, from the program headers, so stripped
 * files work too; 32- and 64-bit, either byte order. Files that are not dynamically linked
 * ELF objects (static programs, object files, data that happens to start with the magic)
 * yield nothing.
 *
 * @param needed  the libraries needed, in order
 * @param rpath   the {@code DT_RPATH} entries (used only when there is no {@code DT_RUNPATH})
 * @param runpath the {@code DT_RUNPATH} entries
 * @param interp  the program interpreter, "" for a library
 */
public record ElfDynamic(List<String> needed, List<String> rpath, List<String> runpath, String interp) {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    /** Dynamic sections, string tables and interpreters are small; more means a damaged file. */
    private static final long MAX_READ = 16L << 20;

    public ElfDynamic {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }

    /** Whether the first bytes are ELF's magic number. */
    public static boolean isElf(byte[] head, int length) {
        return length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** The file's dynamic linking information; empty when it has none or is no usable ELF file. */
    public static Optional<ElfDynamic> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty(); // truncated or inconsistent: not something ld.so would load either
        }
    }

    /** Thrown inside parsing when the file ends early. */
    private static final class BufferUnderflowException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static Optional<ElfDynamic> parse(FileChannel ch) throws IOException {
        ByteBuffer ident = read(ch, 0, 16);
        if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L' || ident.get(3) != 'F') {
            return Optional.empty();
        }
        boolean is64 = ident.get(4) == 2;
        ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer eh = read(ch, 0, is64 ? 64 : 52).order(order);
        long phoff = is64 ? eh.getLong(32) : Integer.toUnsignedLong(eh.getInt(28));
        int phentsize = Short.toUnsignedInt(eh.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(eh.getShort(is64 ? 56 : 44));
        if (phnum == 0 || phentsize < (is64 ? 56 : 32)) {
            return Optional.empty();
        }
        ByteBuffer ph = read(ch, phoff, (long) phentsize * phnum).order(order);
        List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
        long dynOff = -1;
        long dynSize = 0;
        String interp = "";
        for (int i = 0; i < phnum; i++) {
            int b = i * phentsize;
            int type = ph.getInt(b);
            long offset = is64 ? ph.getLong(b + 8) : Integer.toUnsignedLong(ph.getInt(b + 4));
            long vaddr = is64 ? ph.getLong(b + 16) : Integer.toUnsignedLong(ph.getInt(b + 8));
            long filesz = is64 ? ph.getLong(b + 32) : Integer.toUnsignedLong(ph.getInt(b + 16));
            if (type == PT_LOAD) {
                loads.add(new long[] {vaddr, offset, filesz});
            } else if (type == PT_DYNAMIC) {
                dynOff = offset;
                dynSize = filesz;
            } else if (type == PT_INTERP) {
                interp = cString(read(ch, offset, filesz), 0);
            }
        }
        if (dynOff < 0) {
            return Optional.empty();
        }
        int entSize = is64 ? 16 : 8;
        ByteBuffer dyn = read(ch, dynOff, dynSize).order(order);
        List<long[]> entries = new ArrayList<>(); // tag, value
        long strtab = -1;
        for (int at = 0; at + entSize <= dyn.limit(); at += entSize) {
            long tag = is64 ? dyn.getLong(at) : dyn.getInt(at);
            long val = is64 ? dyn.getLong(at + 8) : Integer.toUnsignedLong(dyn.getInt(at + 4));
            if (tag == 0) {
                break;
            }
            if (tag == DT_STRTAB) {
                strtab = val;
            }
            entries.add(new long[] {tag, val});
        }
        if (strtab < 0) {
            return Optional.empty();
        }
        long strOff = -1;
        long strAvail = 0;
        for (long[] l : loads) {
            if (strtab >= l[0] && strtab < l[0] + l[2]) {
                strOff = l[1] + (strtab - l[0]);
                strAvail = l[2] - (strtab - l[0]);
                break;
            }
        }
        if (strOff < 0) {
            return Optional.empty();
        }
        ByteBuffer strings = read(ch, strOff, Math.min(strAvail, MAX_READ));
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        for (long[] e : entries) {
            if (e[0] == DT_NEEDED) {
                needed.add(cString(strings, e[1]));
            } else if (e[0] == DT_RPATH) {
                rpath.addAll(split(cString(strings, e[1])));
            } else if (e[0] == DT_RUNPATH) {
                runpath.addAll(split(cString(strings, e[1])));
            }
        }
        return Optional.of(new ElfDynamic(needed, rpath, runpath, interp));
    }

    private static List<String> split(String path) {
        return path.isEmpty() ? List.of() : Arrays.asList(path.split(":", -1));
    }

    private static String cString(ByteBuffer b, long at) {
        if (at < 0 || at >= b.limit()) {
            throw new BufferUnderflowException();
        }
        int start = (int) at;
        int end = start;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] out = new byte[end - start];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(start + i);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static ByteBuffer read(FileChannel ch, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || length > MAX_READ || offset + length > ch.size()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new BufferUnderflowException();
            }
        }
        b.flip();
        return b;
    }
}
