package dev.hd.builder;

import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.Base32;

/**
 * The identity of a profile: lowercase base32 of the SHA-256 of the artifacts it holds and
 * the link rules that shape it, cut to 32 characters (like {@link ArtifactId}).
 */
public record ProfileId(String value) implements Comparable<ProfileId> {
    public static final int LENGTH = ArtifactId.LENGTH;

    public ProfileId {
        if (value == null || value.length() != LENGTH || !Base32.isLowerBase32(value)) {
            throw new IllegalArgumentException("not a profile id: " + value);
        }
    }

    /** The id of a profile described by {@code text} (see {@link Profiles#describe}). */
    static ProfileId ofDescription(String text) {
        byte[] digest = ArtifactId.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ProfileId(Base32.encode(digest).substring(0, LENGTH));
    }

    /** Whether {@code s} is a well-formed profile id (a directory name under profiles/). */
    public static boolean isValid(String s) {
        return s != null && s.length() == LENGTH && Base32.isLowerBase32(s);
    }

    public String shortForm() {
        return value.substring(0, ArtifactId.SHORT_LENGTH);
    }

    @Override
    public int compareTo(ProfileId o) {
        return value.compareTo(o.value);
    }

    // equals and hashCode are written out, not generated: a record's generated ones are bound at
    // their first call by an invokedynamic bootstrap that spins method handles (tens of ms of a
    // no-op hd build, which compares these on its hot path; class-data sharing cannot keep them).
    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileId p && value.equals(p.value);
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
