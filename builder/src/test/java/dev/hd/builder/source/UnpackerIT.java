package dev.hd.builder.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.builder.Store;
import dev.hd.resolver.Source;
import dev.hd.resolver.SourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real archive of shared/sources, through the cache with the folder as a directory
 * mirror (found via its SHA256SUMS, whatever the url says) and unpacked with strip.
 */
class UnpackerIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "zlib-1.2.13.dfsg.tar.bz2, BZIP2, zlib.h,         configure",
        "bzip2-1.0.8.tar.gz,       GZIP,  bzlib.h,        Makefile",
        "xz-5.4.1.tar.xz,          XZ,    configure.ac,   configure",
        "yaml-0.2.5.tar.gz,        GZIP,  include/yaml.h, bootstrap",
        "libpng-1.6.39.tar.gz,     GZIP,  png.h,          configure",
        "lua-5.4.4.tar.gz,         GZIP,  src/lua.h,      Makefile",
        "jansson-2.14.tar.gz,      GZIP,  CMakeLists.txt, src/jansson.h",
    })
    void unpacksTheRealArchive(String name, Unpacker.Format format, String file, String other) throws Exception {
        Path shared = SharedSources.require();
        Path original = shared.resolve(name);
        SourceKey key = SourceCache.hash(original);
        SourceCache cache = new SourceCache(new Store(tmp.resolve("store")), List.of(new Mirror.Directory(shared)),
                url -> {
                    throw new AssertionError("the network was asked for " + url);
                });
        SourceCache.Fetched f = cache.fetch(new Source.Archive(key, "https://example.org/renamed-upstream.tar", ".", true),
                FetchListener.NONE);
        assertEquals(original.toString(), f.from(), "found through SHA256SUMS");
        assertEquals(format, Unpacker.detect(f.file()));

        Path build = tmp.resolve("build");
        Unpacker.unpack(f.file(), build, true);
        assertTrue(Files.isRegularFile(build.resolve(file)), file + " in " + name);
        assertTrue(Files.isRegularFile(build.resolve(other)), other + " in " + name);
        if (other.equals("configure")) {
            assertTrue(Files.getPosixFilePermissions(build.resolve("configure")).contains(PosixFilePermission.OWNER_EXECUTE),
                    "configure stays executable");
        }
        if (Files.exists(build.resolve("configure.ac")) && Files.exists(build.resolve("configure"))) {
            assertTrue(Files.getLastModifiedTime(build.resolve("configure")).compareTo(
                    Files.getLastModifiedTime(build.resolve("configure.ac"))) >= 0,
                    "configure is not older than configure.ac, or autotools would try to regenerate it");
        }
    }

    @Test
    void theSharedFolderMatchesItsSha256Sums() throws Exception {
        Path shared = SharedSources.require();
        for (String line : Files.readAllLines(shared.resolve(Mirror.SUMS_FILE))) {
            if (line.isBlank()) {
                continue;
            }
            String hex = line.substring(0, 64);
            String name = line.substring(66);
            assertEquals(hex, SourceCache.hash(shared.resolve(name)).digest(), name);
        }
    }
}
