package dev.hd.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that an ELF file of an artifact finds its shared libraries where they will stay: in
 * the store, or in the host's system library directories. It searches as {@code ld.so} does
 * ({@code DT_RPATH} unless there is a {@code DT_RUNPATH}, then {@code DT_RUNPATH}, then the
 * system directories; {@code $ORIGIN} expanded; {@code LD_LIBRARY_PATH} ignored, as the
 * artifact must work without it) and reports every library that is found nowhere, or only
 * somewhere else (a build directory, a home directory: a path that worked at build time), and
 * every search path entry inside the store's {@code tmp/}. Thread-safe.
 */
public final class SharedLibraries {
    private final Path storeReal;
    private final Path tmpReal;
    private final List<Path> systemDirs;
    private final List<Path> systemReal;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    /**
     * @param store      the store (its artifacts count as "inside the store")
     * @param systemDirs the host's library directories, in search order (see {@link #systemDirs(Path)})
     */
    public SharedLibraries(Store store, List<Path> systemDirs) {
        this.storeReal = real(store.root());
        this.tmpReal = real(store.tmpDir());
        this.systemDirs = List.copyOf(systemDirs);
        List<Path> r = new ArrayList<>();
        for (Path d : systemDirs) {
            if (Files.isDirectory(d)) {
                r.add(real(d));
            }
        }
        this.systemReal = List.copyOf(r);
    }

    /**
     * The host's library directories below {@code root} ("/" for this machine): those of
     * {@code etc/ld.so.conf} (with its {@code include}s), then the built-in {@code lib64},
     * {@code usr/lib64}, {@code lib} and {@code usr/lib} that exist.
     */
    public static List<Path> systemDirs(Path root) {
        Set<Path> out = new LinkedHashSet<>();
        readConf(root, root.resolve("etc/ld.so.conf"), out, 0);
        for (String d : List.of("lib64", "usr/lib64", "lib", "usr/lib")) {
            Path p = root.resolve(d);
            if (Files.isDirectory(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static void readConf(Path root, Path conf, Set<Path> out, int depth) {
        List<String> lines;
        try {
            lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return;
        }
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty() || line.startsWith("hwcap")) {
                continue;
            }
            if (line.startsWith("include") && line.length() > 7 && Character.isWhitespace(line.charAt(7))) {
                if (depth < 8) {
                    for (String pattern : line.substring(8).strip().split("\\s+")) {
                        includes(root, conf, pattern, out, depth);
                    }
                }
                continue;
            }
            String dir = line.split("[\\s:,=]+")[0];
            if (dir.startsWith("/")) {
                Path p = root.resolve(dir.substring(1)).normalize();
                if (Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        }
    }

    private static void includes(Path root, Path conf, String pattern, Set<Path> out, int depth) {
        Path full = pattern.startsWith("/") ? root.resolve(pattern.substring(1)) : conf.getParent().resolve(pattern);
        Path dir = full.getParent();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, full.getFileName().toString())) {
            ds.forEach(files::add);
        } catch (IOException | RuntimeException e) {
            return;
        }
        files.sort(null);
        for (Path f : files) {
            readConf(root, f, out, depth + 1);
        }
    }

    /** What is wrong with how {@code file} (an ELF file of an artifact) loads its libraries: nothing, usually. */
    public List<String> problems(Path file, ElfDynamic elf) {
        List<String> out = new ArrayList<>();
        List<String> raw = new ArrayList<>(elf.runpath().isEmpty() ? elf.rpath() : List.of());
        raw.addAll(elf.runpath());
        List<Path> dirs = new ArrayList<>();
        for (String e : raw) {
            for (String expanded : expand(e, file)) {
                Path d = file.getFileSystem().getPath(expanded).normalize();
                if (!d.isAbsolute()) {
                    out.add("its library search path has the relative entry '" + e
                            + "', which depends on the directory it is started from");
                    continue;
                }
                if (real(d).startsWith(tmpReal) || d.startsWith(tmpReal)) {
                    out.add("its library search path has " + d + ", a build directory in the store's tmp/");
                    continue;
                }
                dirs.add(d);
            }
        }
        for (String lib : elf.needed()) {
            String p = resolve(lib, dirs);
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        if (!elf.interp().isEmpty()) {
            Path i = file.getFileSystem().getPath(elf.interp());
            if (!Files.exists(i)) {
                out.add("its interpreter " + i + " does not exist");
            } else if (!allowed(real(i))) {
                out.add("its interpreter " + i + " is outside the store and the system directories");
            }
        }
        return out;
    }

    private String resolve(String lib, List<Path> dirs) {
        String key = lib + "\0" + dirs;
        return cache.computeIfAbsent(key, k -> {
            if (lib.contains("/")) {
                Path p = storeReal.getFileSystem().getPath(lib);
                if (!p.isAbsolute()) {
                    return "it needs " + lib + ", a relative path (found from the working directory, if at all)";
                }
                return !Files.exists(p) ? "it needs " + lib + ", which does not exist"
                        : allowed(real(p)) ? "" : "it needs " + lib + ", outside the store and the system directories";
            }
            List<Path> search = new ArrayList<>(dirs);
            search.addAll(systemDirs);
            for (Path d : search) {
                Path c = d.resolve(lib);
                if (Files.exists(c)) {
                    Path r = real(c);
                    return allowed(r) ? "" : "it finds " + lib + " at " + c + (r.equals(c) ? "" : " (" + r + ")")
                            + ", outside the store and the system directories: a path that will not stay";
                }
            }
            return "it needs " + lib + ", which is found nowhere (searched " + (dirs.isEmpty() ? "" : dirs + ", then ")
                    + "the system directories)";
        });
    }

    private boolean allowed(Path real) {
        if (real.startsWith(storeReal) && !real.startsWith(tmpReal)) {
            return true;
        }
        for (Path s : systemReal) {
            if (real.startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code $ORIGIN} is the file's directory; {@code $LIB} either lib64 or lib; {@code $PLATFORM} is not expanded. */
    private static List<String> expand(String entry, Path file) {
        String origin = file.toAbsolutePath().getParent().toString();
        String e = entry.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
        if (e.contains("$PLATFORM") || e.contains("${PLATFORM}")) {
            return List.of();
        }
        if (e.contains("$LIB") || e.contains("${LIB}")) {
            return List.of(e.replace("${LIB}", "lib64").replace("$LIB", "lib64"), e.replace("${LIB}", "lib").replace("$LIB", "lib"));
        }
        return e.isEmpty() ? List.of() : List.of(e);
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (NoSuchFileException e) {
            return p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
