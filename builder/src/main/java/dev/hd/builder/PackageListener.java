package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;

/**
 * The listener a {@link SourceProvider} gets for one package's sources: everything goes to
 * the build's listener, and downloads are reported with the package they are for (a source
 * provider only knows URLs).
 */
final class PackageListener extends ForwardingBuildListener {
    private final ResolvedPackage pkg;

    PackageListener(BuildListener to, ResolvedPackage pkg) {
        super(to);
        this.pkg = pkg;
    }

    @Override
    public void download(String url, long bytes, long total) {
        to.download(pkg, url, bytes, total);
    }
}
