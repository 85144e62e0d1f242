package dev.hd.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.ArtifactId;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.HdException;
import dev.hd.resolver.LinkRule;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Profiles: symlink trees over artifacts ({@code bin/}, {@code lib/}, ...), one per set of
 * artifacts and link rules, and the links that point at them.
 *
 * <p>A profile's tree holds real directories and absolute symlinks to artifact files (or
 * copies, for {@code copy:} rules). Which files enter is decided per file by the first
 * matching rule of: hd's own (artifacts' {@code .hd/} never enters), the stack's
 * {@code profile_links}, the package's, then {@link LinkRule#DEFAULTS} (so a package that
 * only excludes one file keeps the usual bin, lib, include, share). A profile is assembled in
 * {@code tmp/} and renamed into {@code profiles/<pid>}: it exists complete or not at all.
 */
public final class Profiles {
    static final String FORMAT = "hd-profile 1";
    private static final int MAX_CONFLICTS = 10;
    private static final List<LinkRule> HD_RULES = List.of(new LinkRule(LinkRule.Action.EXCLUDE, Store.META_DIR + "/**"));

    private final Store store;

    public Profiles(Store store) {
        this.store = store;
    }

    /** One artifact of a profile, as its {@code .hd-profile.json} lists it. */
    public record Member(String name, ArtifactId id, Path path) {
    }

    /** The id the stack's profile has (nothing is read or written). */
    public ProfileId id(ResolvedStack stack) {
        return ProfileId.ofDescription(describe(stack));
    }

    /** What the profile id hashes: the artifacts and every rule that shapes the tree. */
    static String describe(ResolvedStack stack) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append(FORMAT).append('\n');
        List<ResolvedPackage> members = membersOf(stack);
        for (ResolvedPackage p : members) {
            sb.append("package ").append(p.name()).append(' ').append(p.id().value()).append('\n');
        }
        for (LinkRule r : stack.profileLinks()) {
            sb.append("stack-rule ").append(r.action()).append(' ').append(r.glob()).append('\n');
        }
        for (ResolvedPackage p : members) {
            for (LinkRule r : p.profileLinks()) {
                sb.append("rule ").append(p.name()).append(' ').append(r.action()).append(' ').append(r.glob()).append('\n');
            }
        }
        return sb.toString();
    }

    private static List<ResolvedPackage> membersOf(ResolvedStack stack) {
        Map<String, ResolvedPackage> byName = stack.byName();
        List<ResolvedPackage> out = new ArrayList<>();
        for (String n : new java.util.TreeSet<>(stack.profilePackages())) {
            ResolvedPackage p = byName.get(n);
            if (p == null) {
                throw new IllegalArgumentException("the profile lists " + n + ", which is not in the stack");
            }
            out.add(p);
        }
        return out;
    }

    /**
     * The stack's profile, created unless it exists. Every member artifact must be built.
     *
     * @throws HdException when a member is not built, or two members provide the same path
     */
    @SuppressWarnings("try") // the lock is held, not used
    public ProfileId create(ResolvedStack stack) throws HdException {
        ProfileId pid = id(stack);
        Path dir = dir(pid);
        if (Files.isDirectory(dir)) {
            return pid;
        }
        List<ResolvedPackage> members = membersOf(stack);
        for (ResolvedPackage p : members) {
            if (!Files.exists(store.artifactMarker(p.name(), p.id()))) {
                throw new HdException("cannot make the profile: " + p.label() + " (" + p.id().shortForm()
                        + ") is not built", "run hd build first");
            }
        }
        try (FileLocks.Held lock = FileLocks.exclusive(store.profileLock(pid), () -> { })) {
            if (Files.isDirectory(dir)) {
                return pid; // another process made it while we waited
            }
            Map<String, Entry> entries = plan(stack, members);
            assemble(pid, members, stack.packages(), entries);
            return pid;
        } catch (IOException e) {
            throw new HdException("cannot make the profile " + pid.shortForm() + " in " + store.profilesDir()
                    + ": " + e, "check that the store is writable", e);
        }
    }

    /** A path of the profile and where it comes from. */
    private record Entry(ResolvedPackage pkg, Manifest.Entry file, boolean copy) {
    }

    private Map<String, Entry> plan(ResolvedStack stack, List<ResolvedPackage> members) throws HdException, IOException {
        TreeMap<String, Entry> files = new TreeMap<>();
        Set<String> dirs = new HashSet<>();
        List<String> conflicts = new ArrayList<>();
        String firstConflictFix = null;
        for (ResolvedPackage p : members) {
            List<LinkRule> rules = new ArrayList<>(HD_RULES);
            rules.addAll(stack.profileLinks());
            rules.addAll(p.profileLinks());
            rules.addAll(LinkRule.DEFAULTS);
            for (Manifest.Entry m : Manifest.read(store.manifest(p.name(), p.id()))) {
                if (m.type() == Manifest.Type.DIRECTORY) {
                    continue;
                }
                LinkRule.Action action = decide(rules, m.path());
                if (action == LinkRule.Action.EXCLUDE) {
                    continue;
                }
                String clash = clash(files, dirs, m.path());
                if (clash != null) {
                    if (conflicts.size() < MAX_CONFLICTS) {
                        Entry other = files.containsKey(clash) ? files.get(clash) : files.ceilingEntry(clash + "/").getValue();
                        conflicts.add(clash + " is provided by both " + other.pkg().name() + " ("
                                + other.pkg().origin().file() + ") and " + p.name() + " (" + p.origin().file() + ")");
                        if (firstConflictFix == null) {
                            firstConflictFix = "add `profile_links: [{exclude: " + clash + "}]` to " + p.origin().file()
                                    + " (or to " + other.pkg().origin().file() + "), or to stack.yaml";
                        }
                    }
                    continue;
                }
                files.put(m.path(), new Entry(p, m, action == LinkRule.Action.COPY));
                for (int i = m.path().indexOf('/'); i > 0; i = m.path().indexOf('/', i + 1)) {
                    dirs.add(m.path().substring(0, i));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new HdException("profile conflict: " + String.join("; ", conflicts), firstConflictFix);
        }
        if (files.containsKey(Store.PROFILE_INFO)) {
            Entry e = files.get(Store.PROFILE_INFO);
            throw new HdException("profile conflict: " + e.pkg().name() + " provides " + Store.PROFILE_INFO
                    + ", which is hd's own file in a profile", "add `profile_links: [{exclude: " + Store.PROFILE_INFO
                    + "}]` to " + e.pkg().origin().file());
        }
        return files;
    }

    static LinkRule.Action decide(List<LinkRule> rules, String path) {
        for (LinkRule r : rules) {
            if (Glob.of(r.glob()).matches(path)) {
                return r.action();
            }
        }
        return LinkRule.Action.EXCLUDE;
    }

    /** The path that clashes when {@code path} is added: itself, a parent that is a file, or null. */
    private static String clash(TreeMap<String, Entry> files, Set<String> dirs, String path) {
        if (files.containsKey(path) || dirs.contains(path)) {
            return path;
        }
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            String parent = path.substring(0, i);
            if (files.containsKey(parent)) {
                return parent;
            }
        }
        return null;
    }

    private void assemble(ProfileId pid, List<ResolvedPackage> members, List<ResolvedPackage> all,
            Map<String, Entry> entries) throws IOException {
        Path staging = store.profileStaging(pid);
        Files.createDirectories(staging.getParent());
        Fs.createFresh(staging); // the leftovers of a crashed run, if any, go first
        List<Path> made = new ArrayList<>();
        Set<String> madeRel = new HashSet<>();
        made.add(staging);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String rel = e.getKey();
            int slash = rel.lastIndexOf('/');
            if (slash > 0) {
                mkdirs(staging, rel.substring(0, slash), madeRel, made);
            }
            Entry en = e.getValue();
            Path from = store.artifact(en.pkg().name(), en.pkg().id()).resolve(rel);
            Path to = staging.resolve(rel);
            if (en.copy()) {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } else {
                Files.createSymbolicLink(to, from);
            }
        }
        ObjectNode info = CanonicalJson.mapper().createObjectNode();
        info.put("format", 1);
        info.put("id", pid.value());
        ArrayNode arts = info.putArray("artifacts");
        for (ResolvedPackage p : members) {
            ObjectNode a = arts.addObject();
            a.put("name", p.name());
            a.put("id", p.id().value());
            a.put("path", store.artifact(p.name(), p.id()).toString());
        }
        // every artifact the profile was built from (its build closure), so GC can keep build
        // dependencies without reading each artifact's build spec
        ArrayNode stackArts = info.putArray("stack");
        for (ResolvedPackage p : all) {
            stackArts.addObject().put("name", p.name()).put("id", p.id().value());
        }
        Path infoFile = staging.resolve(Store.PROFILE_INFO);
        Files.writeString(infoFile, CanonicalJson.write(info) + "\n", StandardCharsets.UTF_8);
        Fs.fsync(infoFile);
        for (int i = made.size() - 1; i >= 0; i--) {
            Fs.fsyncDir(made.get(i));
        }
        Files.createDirectories(store.profilesDir());
        try {
            Files.move(staging, dir(pid), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            Fs.deleteRecursively(staging); // made by someone not using our lock: theirs is as good
            return;
        }
        Fs.fsyncDir(store.profilesDir());
    }

    private static void mkdirs(Path root, String rel, Set<String> madeRel, List<Path> made) throws IOException {
        if (madeRel.contains(rel)) {
            return;
        }
        int slash = rel.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(root, rel.substring(0, slash), madeRel, made);
        }
        Path d = root.resolve(rel);
        Files.createDirectory(d);
        madeRel.add(rel);
        made.add(d);
    }

    public Path dir(ProfileId id) {
        return store.profile(id);
    }

    /** Whether the profile exists (complete: profiles are renamed into place whole). */
    public boolean exists(ProfileId id) {
        return Files.isDirectory(dir(id));
    }

    /** The artifacts a profile holds, from its {@code .hd-profile.json}. */
    public List<Member> members(ProfileId id) throws IOException {
        JsonNode info;
        try {
            info = CanonicalJson.read(Files.readString(store.profileInfo(id), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(store.profileInfo(id) + " is damaged: " + e.getMessage(), e);
        }
        List<Member> out = new ArrayList<>();
        for (JsonNode a : info.path("artifacts")) {
            out.add(new Member(a.path("name").asText(), new ArtifactId(a.path("id").asText()),
                    store.root().getFileSystem().getPath(a.path("path").asText())));
        }
        return out;
    }

    /**
     * Every package of the stack the profile was made from (members and build-only ones), as
     * name and id, from its {@code .hd-profile.json}; empty for a profile made before hd
     * recorded it.
     */
    public Optional<List<Member>> stackArtifacts(ProfileId id) throws IOException {
        JsonNode info;
        try {
            info = CanonicalJson.read(Files.readString(store.profileInfo(id), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(store.profileInfo(id) + " is damaged: " + e.getMessage(), e);
        }
        if (!info.has("stack")) {
            return Optional.empty();
        }
        List<Member> out = new ArrayList<>();
        for (JsonNode a : info.path("stack")) {
            String name = a.path("name").asText();
            ArtifactId aid = new ArtifactId(a.path("id").asText());
            out.add(new Member(name, aid, store.artifact(name, aid)));
        }
        return Optional.of(out);
    }

    /**
     * Points {@code link} at the profile and records a generation (see
     * {@link Generations#switchTo}): how commands switch a user's link.
     *
     * @param description {@code dir <path>}, {@code rev <ref> <commit>}, ... (docs/generations-and-gc.md)
     */
    public void switchLink(Path link, ProfileId id, String description) throws IOException {
        new Generations(store).switchTo(link, id, description);
    }

    /**
     * Points {@code link} at the profile, atomically: a new symlink under a temporary name is
     * renamed over the old one, so the link always names a complete profile. Records no
     * generation (see the overload that does).
     */
    public void switchLink(Path link, ProfileId id) throws IOException {
        Path target = dir(id);
        if (!Files.isDirectory(target)) {
            throw new NoSuchFileException(target.toString(), null, "no such profile");
        }
        if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(link + " is a directory, not hd's profile link: move it away");
        }
        Path parent = link.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + link.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createSymbolicLink(tmp, target);
        try {
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Fs.fsyncDir(parent);
    }

    /** The profile {@code link} points at, when it is a link to a profile of this store. */
    public Optional<ProfileId> current(Path link) {
        Path target;
        try {
            target = Files.readSymbolicLink(link);
        } catch (NotLinkException | NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        Path abs = link.toAbsolutePath().getParent().resolve(target).normalize();
        if (abs.getParent() == null || !abs.getParent().equals(store.profilesDir())) {
            return Optional.empty();
        }
        String name = abs.getFileName().toString();
        return ProfileId.isValid(name) ? Optional.of(new ProfileId(name)) : Optional.empty();
    }

    /**
     * Records {@code link} as a GC root (a symlink in gcroots/ named by the link's path), so
     * that GC keeps whatever profile it points at. Idempotent.
     */
    public void addRoot(Path link) throws IOException {
        Path abs = link.toAbsolutePath().normalize();
        String name = "link-" + dev.hd.resolver.Base32.encode(ArtifactId.sha256(abs.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, ArtifactId.LENGTH);
        Path root = store.gcRoot(name);
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectories(root.getParent());
        try {
            Files.createSymbolicLink(root, abs);
            // durable before the link it protects is switched: a power loss must not keep the
            // link but lose its root (GC would then take the profile from under it)
            Fs.fsyncDir(root.getParent());
        } catch (FileAlreadyExistsException e) {
            // another process registered it first
        }
    }
}
