package dev.hd.builder;

import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.SourceKey;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The on-disk layout of an hd store. Every path of the store is computed here and nowhere
 * else: other classes ask the store, they never concatenate store paths themselves.
 *
 * <pre>
 * src/sha256/&lt;hex&gt;          archives, verified on entry, immutable
 * src/git/&lt;key&gt;.git         bare mirrors of upstream git sources
 * bld/&lt;name&gt;/&lt;id&gt;/          artifacts; complete iff .hd/artifact.json exists
 * profiles/&lt;pid&gt;/           symlink trees
 * refs/&lt;repo-key&gt;/...       ref-to-profile map (refs/trees/: stack tree -&gt; profile)
 * gcroots/                  symlinks that keep profiles alive (links, pins)
 * generations/&lt;k&gt;.log      one append-only log of switches per profile link
 * tmp/  locks/              staging areas and lock files
 * logs/                     logs of failed builds (their artifact directory is removed)
 * develop/&lt;name&gt;-&lt;d&gt;/        persistent build directories of packages in develop mode
 * config                    store settings (mirrors, jobs, ...)
 * </pre>
 */
public final class Store {
    /** Name of the marker whose presence makes an artifact complete. */
    public static final String ARTIFACT_MARKER = "artifact.json";
    /** hd's metadata directory inside an artifact. */
    public static final String META_DIR = ".hd";
    /** Name of the file in a profile's root that lists its artifacts. */
    public static final String PROFILE_INFO = ".hd-profile.json";
    /** Name prefix of the GC roots that pin a profile. */
    public static final String PIN_PREFIX = "pin-";
    /** Name prefix of directories being removed by GC (see {@link #doomed}). */
    public static final String DOOMED_PREFIX = ".gc-";

    private final Path root;

    public Store(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    // --- sources
    public Path srcDir() {
        return root.resolve("src");
    }

    /** Where a verified archive with this sha256 key lives. */
    public Path archive(SourceKey key) {
        if (key.kind() != SourceKey.Kind.SHA256) {
            throw new IllegalArgumentException("not an archive key: " + key);
        }
        return archivesDir().resolve(key.digest());
    }

    /** Where verified archives live, one file per {@code sha256:} key. */
    public Path archivesDir() {
        return srcDir().resolve("sha256");
    }

    /** Downloads in progress: hashed while written here, renamed into {@link #archivesDir()} once verified. */
    public Path downloadsDir() {
        return tmpDir().resolve("fetch");
    }

    /**
     * The partial download of a keyed archive. Only the holder of {@link #archiveLock} writes
     * it, so finding one while holding the lock means an earlier run crashed.
     */
    public Path partialArchive(SourceKey key) {
        return downloadsDir().resolve(archive(key).getFileName() + ".part");
    }

    /** Taken while an archive is fetched, so two processes do not download the same file. */
    public Path archiveLock(SourceKey key) {
        return locksDir().resolve("sha256-" + archive(key).getFileName() + ".lock");
    }

    public Path gitMirrorsDir() {
        return srcDir().resolve("git");
    }

    /** The bare mirror of an upstream repository, named by a key derived from its URL. */
    public Path gitMirror(String mirrorKey) {
        return gitMirrorsDir().resolve(mirrorKey + ".git");
    }

    /** Taken while a git mirror is fetched into, so two processes never fetch into one mirror at once. */
    public Path gitMirrorLock(String mirrorKey) {
        return locksDir().resolve("git-" + mirrorKey + ".lock");
    }

    // --- develop mode
    public Path developDir() {
        return root.resolve("develop");
    }

    /**
     * The build directory of a package in develop mode ({@code hd develop PKG --path DIR}),
     * one per package and local directory. Unlike {@link #buildDir} it is kept between builds,
     * so that a rebuild after an edit is incremental ({@code make} recompiles what changed).
     */
    public Path developBuildDir(String name, Path localDir) {
        return developDir().resolve(name + "-" + digest(localDir.toAbsolutePath().normalize().toString()));
    }

    /** Held while a develop build directory is used: two builds never share it at once. */
    public Path developLock(String name, Path localDir) {
        return locksDir().resolve("develop-" + developBuildDir(name, localDir).getFileName() + ".lock");
    }

    private static String digest(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return dev.hd.resolver.Base32.encode(d).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- artifacts
    public Path buildsDir() {
        return root.resolve("bld");
    }

    /** The directory holding every artifact of one package. */
    public Path packageBuilds(String name) {
        return buildsDir().resolve(name);
    }

    public Path artifact(String name, ArtifactId id) {
        return packageBuilds(name).resolve(id.value());
    }

    public Path artifactMeta(String name, ArtifactId id) {
        return artifact(name, id).resolve(META_DIR);
    }

    /** The marker: an artifact is complete iff this file exists. */
    public Path artifactMarker(String name, ArtifactId id) {
        return artifactMeta(name, id).resolve(ARTIFACT_MARKER);
    }

    public Path buildLog(String name, ArtifactId id) {
        return artifactMeta(name, id).resolve("build.log");
    }

    /** The script the build ran (the stages joined), kept for people reproducing a build. */
    public Path buildScript(String name, ArtifactId id) {
        return artifactMeta(name, id).resolve("build.sh");
    }

    /** The build's environment as bash {@code export} lines. */
    public Path buildEnvFile(String name, ArtifactId id) {
        return artifactMeta(name, id).resolve("build-env");
    }

    /** The canonical build spec whose hash is the id. */
    public Path buildSpec(String name, ArtifactId id) {
        return artifactMeta(name, id).resolve("build-spec.json");
    }

    /** One line per file of the artifact's payload (everything outside {@code .hd/}). */
    public Path manifest(String name, ArtifactId id) {
        return artifactMeta(name, id).resolve("manifest");
    }

    /** Where the log of a failed build is kept once its artifact directory is removed. */
    public Path failedLog(String name, ArtifactId id) {
        return logsDir().resolve(name + "-" + id.value() + ".log");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    // --- profiles, refs, roots
    public Path profilesDir() {
        return root.resolve("profiles");
    }

    public Path profile(ProfileId id) {
        return profilesDir().resolve(id.value());
    }

    /** What a profile holds (name, id, path of each artifact), for GC and verify. */
    public Path profileInfo(ProfileId id) {
        return profile(id).resolve(PROFILE_INFO);
    }

    public Path refsDir() {
        return root.resolve("refs");
    }

    /** The ref map of one stack repository (see {@link RefMap}): {@code refs/<repo-key>/}. */
    public Path refsRepo(String repoKey) {
        return refsDir().resolve(repoKey);
    }

    /**
     * Which profile each stack tree resolves to on one machine ({@code context}: see
     * {@link RefMap}): {@code refs/trees/<context>/<tree-id>}, read by the git hooks.
     */
    public Path treeMap(String context) {
        return refsDir().resolve("trees").resolve(context);
    }

    public Path gcRootsDir() {
        return root.resolve("gcroots");
    }

    // --- scratch
    public Path tmpDir() {
        return root.resolve("tmp");
    }

    /**
     * The build directory of an artifact. It is named by the id (not random) so that the
     * leftovers of a killed build are found and removed by the next build of the same id,
     * which holds the artifact's lock while it does so.
     */
    public Path buildDir(ArtifactId id) {
        return tmpDir().resolve("build-" + id.value());
    }

    /** Where a profile's tree is assembled before it is renamed into {@link #profile}. */
    public Path profileStaging(ProfileId id) {
        return tmpDir().resolve("profile-" + id.value());
    }

    public Path locksDir() {
        return root.resolve("locks");
    }

    /** The store-wide lock: GC takes it exclusively, builds shared. */
    public Path storeLock() {
        return locksDir().resolve("store.lock");
    }

    public Path artifactLock(ArtifactId id) {
        return locksDir().resolve(id.value() + ".lock");
    }

    public Path profileLock(ProfileId id) {
        return locksDir().resolve("profile-" + id.value() + ".lock");
    }

    /** A GC root: a symlink to something (a profile link) that keeps profiles alive. */
    public Path gcRoot(String name) {
        return gcRootsDir().resolve(name);
    }

    /** The GC root that pins a profile: {@code gcroots/pin-<pid>} -> the profile's directory. */
    public Path pin(ProfileId id) {
        return gcRoot(PIN_PREFIX + id.value());
    }

    /** Where the generation logs of profile links live (see {@link Generations}). */
    public Path generationsDir() {
        return root.resolve("generations");
    }

    /** The generation log of the link whose key is {@code key} (see {@link Generations#key}). */
    public Path generationLog(String key) {
        return generationsDir().resolve(key + ".log");
    }

    /**
     * The name an artifact or profile directory is renamed to just before GC deletes it. The
     * rename, within the same parent, is what removes it from the store at once (a name that
     * is no id is nobody's artifact or profile); a crash after it leaves only debris.
     */
    public static Path doomed(Path entry) {
        return entry.resolveSibling(DOOMED_PREFIX + entry.getFileName() + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1));
    }

    /** Caches that can be deleted at any time (hd rebuilds them as needed). */
    public Path cacheDir() {
        return root.resolve("cache");
    }

    /** A cached resolution of a stack directory, keyed by what it depends on. */
    public Path resolutionCache(String key) {
        return cacheDir().resolve("resolve").resolve(key);
    }

    public Path configFile() {
        return root.resolve("config");
    }

    /** Held while {@code hd config} rewrites the config file, so two changes never lose one. */
    public Path configLock() {
        return locksDir().resolve("config.lock");
    }
}
