package dev.hd.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArtifactIdTest {

    @Test
    void base32MatchesRfc4648TestVectorsLowercased() {
        assertEquals("", Base32.encode(new byte[0]));
        assertEquals("my", Base32.encode("f".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("mzxq", Base32.encode("fo".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("mzxw6", Base32.encode("foo".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("mzxw6yq", Base32.encode("foob".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("mzxw6ytb", Base32.encode("fooba".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("mzxw6ytboi", Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void idIsSha256OfTheJsonInBase32CutTo32() {
        // sha256("{}") = 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
        ArtifactId id = ArtifactId.ofCanonicalJson("{}");
        assertEquals(32, id.value().length());
        assertEquals(Base32.encode(java.util.HexFormat.of()
                .parseHex("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")).substring(0, 32), id.value());
        assertEquals(id.value().substring(0, 12), id.shortForm());
    }

    @Test
    void rejectsMalformedIds() {
        assertThrows(IllegalArgumentException.class, () -> new ArtifactId("short"));
        assertThrows(IllegalArgumentException.class, () -> new ArtifactId("A".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> new ArtifactId("1".repeat(32)));
    }

    @Test
    void sourceKeysParseAndExplainMistakes() {
        assertEquals(SourceKey.Kind.SHA256, SourceKey.parse("sha256:" + "a".repeat(64)).kind());
        assertEquals(SourceKey.Kind.GIT, SourceKey.parse("git:" + "b".repeat(40)).kind());
        assertEquals(SourceKey.Kind.TREE, SourceKey.parse("tree:" + "c".repeat(40)).kind());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceKey.parse("sha256:abc"));
        assertTrue(e.getMessage().contains("64 lowercase hex digits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SourceKey.parse("md5:abc"));
        assertTrue(e.getMessage().contains("unknown key kind 'md5'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SourceKey.parse("deadbeef"));
        assertTrue(e.getMessage().contains("expected 'sha256:"), e.getMessage());
    }
}
