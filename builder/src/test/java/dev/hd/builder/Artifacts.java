package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Test helper: makes published artifacts by hand (no bash), as a build would leave them. */
final class Artifacts {
    private Artifacts() {
    }

    /** Creates the artifact of {@code p} holding {@code files} (path, content pairs) and publishes it. */
    static Path publish(Store store, ResolvedPackage p, String... pathsAndContents) throws IOException {
        Path a = store.artifact(p.name(), p.id());
        Files.createDirectories(a.resolve(Store.META_DIR));
        Files.writeString(store.buildSpec(p.name(), p.id()), p.buildSpecJson());
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path f = a.resolve(pathsAndContents[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, pathsAndContents[i + 1]);
            if (pathsAndContents[i].startsWith("bin/")) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        new Publisher(store).publish(p, System.currentTimeMillis(), 1);
        return a;
    }
}
