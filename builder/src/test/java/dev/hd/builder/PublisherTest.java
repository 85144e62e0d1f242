package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.ResolvedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
    @TempDir
    Path tmp;

    @Test
    void publishWritesManifestAndMarkerAndMakesEverythingReadOnly() throws IOException {
        Store store = new Store(tmp.resolve("store"));
        ResolvedPackage p = new StackFixture().pkg("zlib").stage("b", "true").done().stack().get("zlib");
        Path a = store.artifact(p.name(), p.id());
        Files.createDirectories(a.resolve(".hd"));
        Files.writeString(a.resolve(".hd/build.log"), "log\n");
        Files.createDirectories(a.resolve("lib/empty"));
        Files.writeString(a.resolve("lib/libz.so.1"), "ELF");
        Files.createSymbolicLink(a.resolve("lib/libz.so"), Path.of("libz.so.1"));
        Files.createDirectories(a.resolve("bin"));
        Files.writeString(a.resolve("bin/z"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(a.resolve("bin/z"), PosixFilePermissions.fromString("rwxrwxr-x"));

        new Publisher(store).publish(p, 0, 1234);

        JsonNode marker = CanonicalJson.read(Files.readString(store.artifactMarker(p.name(), p.id())));
        assertEquals("zlib", marker.get("name").asText());
        assertEquals(p.id().value(), marker.get("id").asText());
        assertEquals(1234, marker.get("build_millis").asLong());
        assertEquals("1970-01-01T00:00:00Z", marker.get("built_at").asText());
        assertFalse(Files.exists(a.resolve(".hd/artifact.json.tmp")));

        List<Manifest.Entry> m = Manifest.read(store.manifest(p.name(), p.id()));
        assertEquals(List.of("bin", "bin/z", "lib", "lib/empty", "lib/libz.so", "lib/libz.so.1"),
                m.stream().map(Manifest.Entry::path).toList(), "payload only, sorted, .hd/ left out");
        Manifest.Entry so = m.get(5);
        assertEquals(HexFormat.of().formatHex(dev.hd.resolver.ArtifactId.sha256("ELF".getBytes())), so.sha256());
        assertEquals(0444, so.perms());
        assertEquals(0555, m.get(1).perms(), "executable bits stay, write bits go");
        assertEquals("libz.so.1", m.get(4).target());
        assertEquals(Manifest.Type.DIRECTORY, m.get(3).type());

        try (Stream<Path> s = Files.walk(a)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (Files.isSymbolicLink(f)) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
                assertFalse(perms.contains(PosixFilePermission.OWNER_WRITE), f + " is still writable: " + perms);
                assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE), f + " is still writable: " + perms);
            }
        }

        Fs.deleteRecursively(a);
        assertFalse(Files.exists(a), "a read-only artifact can still be removed (GC, debris)");
    }

    @Test
    void aFifoInTheArtifactIsRefused() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        ResolvedPackage p = new StackFixture().pkg("odd").stage("b", "true").done().stack().get("odd");
        Path a = store.artifact(p.name(), p.id());
        Files.createDirectories(a.resolve(".hd"));
        Process mk = new ProcessBuilder("mkfifo", a.resolve("pipe").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new Publisher(store).publish(p, 0, 1));
        assertTrue(e.getMessage().contains("pipe"), e.getMessage());
        assertFalse(Files.exists(store.artifactMarker(p.name(), p.id())), "no marker: the artifact is not complete");
    }
}
