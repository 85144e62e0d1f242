package dev.hd.builder;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the tree of one commit of an upstream git repository into a directory. The builder
 * knows nothing about git: gitstore implements this and the CLI wires it in.
 */
@FunctionalInterface
public interface GitExporter {
    void export(String url, String commit, Path target) throws HdException, IOException;
}
