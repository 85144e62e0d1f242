package dev.hd.resolver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The identity of a build: the SHA-256 of the canonical JSON of its build spec, in lowercase
 * base32 (RFC 4648 alphabet), cut to 32 characters. People see the 12-character
 * {@link #shortForm()}.
 */
public record ArtifactId(String value) implements Comparable<ArtifactId> {
    public static final int LENGTH = 32;
    public static final int SHORT_LENGTH = 12;

    public ArtifactId {
        if (value == null || value.length() != LENGTH || !Base32.isLowerBase32(value)) {
            throw new IllegalArgumentException("not an artifact id: " + value);
        }
    }

    /** The id of a build spec given as its canonical JSON text. */
    public static ArtifactId ofCanonicalJson(String canonicalJson) {
        return new ArtifactId(Base32.encode(sha256(canonicalJson.getBytes(StandardCharsets.UTF_8)))
                .substring(0, LENGTH));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public String shortForm() {
        return value.substring(0, SHORT_LENGTH);
    }

    @Override
    public int compareTo(ArtifactId o) {
        return value.compareTo(o.value);
    }

    // equals and hashCode are written out, not generated: a record's generated ones are bound at
    // their first call by an invokedynamic bootstrap that spins method handles (tens of ms of a
    // no-op hd build, which compares these on its hot path; class-data sharing cannot keep them).
    @Override
    public boolean equals(Object o) {
        return o instanceof ArtifactId a && value.equals(a.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
