package dev.hd.builder;

import dev.hd.resolver.ResolvedPackage;
import java.util.ArrayList;
import java.util.List;

/** Test helper: remembers every event, thread-safely. */
final class RecordingListener implements BuildListener {
    final List<String> events = new ArrayList<>();
    final List<ResolvedPackage> planned = new ArrayList<>();
    final List<BuildFailure> failures = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void planned(int total, List<ResolvedPackage> toBuild) {
        planned.addAll(toBuild);
        events.add("planned " + total + " " + toBuild.size());
    }

    @Override
    public synchronized void started(ResolvedPackage pkg) {
        events.add("started " + pkg.name());
    }

    @Override
    public synchronized void waiting(ResolvedPackage pkg) {
        events.add("waiting " + pkg.name());
    }

    @Override
    public synchronized void reused(ResolvedPackage pkg) {
        events.add("reused " + pkg.name());
    }

    @Override
    public synchronized void stage(ResolvedPackage pkg, String stage) {
        events.add("stage " + pkg.name() + " " + stage);
    }

    @Override
    public boolean wantsLogLines() {
        return true;
    }

    @Override
    public synchronized void logLine(ResolvedPackage pkg, String line) {
        lines.add(pkg.name() + ": " + line);
    }

    @Override
    public synchronized void finished(ResolvedPackage pkg, long millis) {
        events.add("finished " + pkg.name());
    }

    @Override
    public synchronized void failed(BuildFailure failure) {
        failures.add(failure);
        events.add("failed " + failure.pkg().name());
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
