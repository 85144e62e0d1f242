package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.util.List;

/** A listener that passes every event on to another: extend it to change a few of them. */
public class ForwardingBuildListener implements BuildListener {
    /** Where events go. */
    protected final BuildListener to;

    public ForwardingBuildListener(BuildListener to) {
        this.to = to;
    }

    @Override
    public void download(String url, long bytes, long total) {
        to.download(url, bytes, total);
    }

    @Override
    public void download(ResolvedPackage p, String url, long bytes, long total) {
        to.download(p, url, bytes, total);
    }

    @Override
    public void planned(int total, List<ResolvedPackage> toBuild) {
        to.planned(total, toBuild);
    }

    @Override
    public void started(ResolvedPackage p) {
        to.started(p);
    }

    @Override
    public void waiting(ResolvedPackage p) {
        to.waiting(p);
    }

    @Override
    public void reused(ResolvedPackage p) {
        to.reused(p);
    }

    @Override
    public void stage(ResolvedPackage p, String stage) {
        to.stage(p, stage);
    }

    @Override
    public boolean wantsLogLines() {
        return to.wantsLogLines();
    }

    @Override
    public void logLine(ResolvedPackage p, String line) {
        to.logLine(p, line);
    }

    @Override
    public void finished(ResolvedPackage p, long millis) {
        to.finished(p, millis);
    }

    @Override
    public void failed(BuildFailure failure) {
        to.failed(failure);
    }
}
