package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hd.resolver.LinkRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void starStaysInsideOneSegment() {
        Glob g = Glob.of("bin/*.sh");
        assertTrue(g.matches("bin/run.sh"));
        assertFalse(g.matches("bin/run.py"));
        assertFalse(g.matches("sbin/run.sh"));
        assertFalse(g.matches("binx/run.sh"));
    }

    @Test
    void doubleStarCrossesSegments() {
        assertTrue(Glob.of("lib/**").matches("lib/libz.so"));
        assertTrue(Glob.of("lib/**").matches("lib/pkgconfig/zlib.pc"));
        assertFalse(Glob.of("lib/**").matches("lib64/libz.so"));
        assertTrue(Glob.of("**/*.la").matches("lib/libz.la"));
        assertTrue(Glob.of("**/*.la").matches("libz.la"));
        assertFalse(Glob.of("**/*.la").matches("lib/libz.lax"));
        assertTrue(Glob.of("**").matches("anything/at/all"));
        assertTrue(Glob.of("share/**/man1").matches("share/x/y/man1/ls.1"));
    }

    @Test
    void aGlobNamingADirectoryCoversWhatIsBelowIt() {
        assertTrue(Glob.of("share/doc").matches("share/doc/zlib/README"));
        assertTrue(Glob.of("share/doc/").matches("share/doc/zlib/README"));
        assertFalse(Glob.of("share/doc").matches("share/docs/README"));
    }

    @Test
    void regexCharactersAreLiteral() {
        assertTrue(Glob.of("lib/libc++.so.1").matches("lib/libc++.so.1"));
        assertFalse(Glob.of("lib/a.b").matches("lib/axb"));
        assertTrue(Glob.of("a?c").matches("abc"));
        assertFalse(Glob.of("a?c").matches("a/c"));
    }

    @Test
    void firstMatchingRuleDecides() {
        List<LinkRule> rules = List.of(new LinkRule(LinkRule.Action.EXCLUDE, "share/doc"),
                new LinkRule(LinkRule.Action.COPY, "bin/*-config"));
        java.util.ArrayList<LinkRule> all = new java.util.ArrayList<>(rules);
        all.addAll(LinkRule.DEFAULTS);
        assertEquals(LinkRule.Action.EXCLUDE, Profiles.decide(all, "share/doc/x/README"));
        assertEquals(LinkRule.Action.LINK, Profiles.decide(all, "share/man/man1/x.1"));
        assertEquals(LinkRule.Action.COPY, Profiles.decide(all, "bin/x-config"));
        assertEquals(LinkRule.Action.LINK, Profiles.decide(all, "bin/x"));
        assertEquals(LinkRule.Action.EXCLUDE, Profiles.decide(all, "etc/x.conf"));
        assertEquals(LinkRule.Action.EXCLUDE, Profiles.decide(all, ".hd/build.log"));
        assertEquals(LinkRule.Action.EXCLUDE, Profiles.decide(List.of(), "bin/x"));
    }
}
