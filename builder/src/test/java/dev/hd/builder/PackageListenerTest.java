package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hd.resolver.ResolvedPackage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageListenerTest {
    @Test
    void downloadsAreReportedWithThePackageTheyAreFor() throws Exception {
        StackFixture f = new StackFixture();
        f.pkg("a").stage("b", "true");
        ResolvedPackage a = f.stack().get("a");
        List<String> seen = new ArrayList<>();
        BuildListener view = new BuildListener() {
            @Override
            public void download(ResolvedPackage pkg, String url, long bytes, long total) {
                seen.add(pkg.name() + " " + url + " " + bytes + "/" + total);
            }

            @Override
            public void stage(ResolvedPackage pkg, String stage) {
                seen.add("stage " + stage);
            }
        };
        BuildListener l = new PackageListener(view, a);
        l.download("https://x/a.tar.gz", 10, 100);
        l.stage(a, "sources");
        assertEquals(List.of("a https://x/a.tar.gz 10/100", "stage sources"), seen);

        List<String> old = new ArrayList<>();
        BuildListener urlOnly = new BuildListener() {
            @Override
            public void download(String url, long bytes, long total) {
                old.add(url + " " + bytes);
            }
        };
        new PackageListener(urlOnly, a).download("u", 5, -1);
        assertEquals(List.of("u 5"), old, "a listener that only knows URLs still hears of downloads");
    }
}
