package dev.hd.cli;

import picocli.CommandLine;

/** Reads hd's version from the jar manifest (written by the build). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"hd " + (v == null ? "(development build)" : v)};
    }
}
