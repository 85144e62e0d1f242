package dev.hd.builder;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps profiles alive. A profile is live when any of these names it:
 * <ul>
 * <li>a <b>link</b>: an entry of {@code gcroots/} that is a symlink to a profile link (made
 *     by {@link Profiles#addRoot}); the profile the link points at now is live while the link
 *     exists, and a root whose link is gone is dangling;</li>
 * <li>the last {@code keep-generations} <b>generations</b> of each such link whose profile
 *     differs from the current one ({@link Generations});</li>
 * <li>a <b>pin</b>: an entry of {@code gcroots/} that is a symlink to a profile's directory
 *     ({@code hd pin}), kept whatever its age;</li>
 * <li>the <b>ref map</b> ({@link RefMap#allProfiles()}): the profiles built for commits.</li>
 * </ul>
 * With a cut-off ({@code hd gc --older-than}), generations switched to before it and ref-map
 * profiles last activated before it are not roots; links' current profiles and pins always
 * are.
 */
public final class GcRoots {
    private final Store store;
    private final Profiles profiles;
    private final Generations generations;

    public GcRoots(Store store) {
        this.store = store;
        this.profiles = new Profiles(store);
        this.generations = new Generations(store);
    }

    /** Where a live profile's root comes from. */
    public enum Kind { LINK, GENERATION, PIN, REF_MAP }

    /**
     * One root.
     *
     * @param kind    what kind of root
     * @param path    the profile link, the pin (in gcroots/), or the generation log
     * @param profile the profile it keeps
     * @param what    for people: "current", "generation 3 (dir /x)", "pin", "ref map"
     */
    public record Root(Kind kind, Path path, ProfileId profile, String what) {
    }

    /**
     * The result of a scan.
     *
     * @param live     roots whose profile exists
     * @param expired  roots that would have kept a profile but are older than the cut-off or
     *                 beyond {@code keep-generations}
     * @param dangling entries of gcroots/ whose link or profile no longer exists
     * @param logKeys  the generation-log keys of the links that exist
     */
    public record Scan(List<Root> live, List<Root> expired, List<Path> dangling, Set<String> logKeys) {
        /** Every profile some live root keeps. */
        public Set<ProfileId> profiles() {
            Set<ProfileId> out = new HashSet<>();
            live.forEach(r -> out.add(r.profile()));
            return out;
        }
    }

    /**
     * Finds every root.
     *
     * @param keepGenerations how many old generations of each link stay roots
     * @param cutoff          when present, generations and ref-map profiles used before it are no roots
     */
    public Scan scan(int keepGenerations, Optional<Instant> cutoff) throws IOException {
        List<Root> live = new ArrayList<>();
        List<Root> expired = new ArrayList<>();
        List<Path> dangling = new ArrayList<>();
        Set<String> logKeys = new HashSet<>();
        if (Files.isDirectory(store.gcRootsDir())) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(store.gcRootsDir())) {
                for (Path root : ds) {
                    Path target;
                    try {
                        target = root.getParent().resolve(Files.readSymbolicLink(root)).normalize();
                    } catch (NotLinkException e) {
                        continue; // not hd's: hd verify reports it
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    Optional<ProfileId> pinned = profileDir(target);
                    if (pinned.isPresent()) {
                        if (profiles.exists(pinned.get())) {
                            live.add(new Root(Kind.PIN, root, pinned.get(), "pin"));
                        } else {
                            dangling.add(root);
                        }
                        continue;
                    }
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        dangling.add(root);
                        continue;
                    }
                    link(target, keepGenerations, cutoff, live, expired, logKeys);
                }
            }
        }
        for (ProfileId p : new RefMap(store).allProfiles()) {
            if (!profiles.exists(p)) {
                continue;
            }
            Root r = new Root(Kind.REF_MAP, store.refsDir(), p, "ref map");
            Optional<Instant> used = generations.lastActivated(p);
            if (cutoff.isPresent() && used.isPresent() && used.get().isBefore(cutoff.get())) {
                expired.add(r);
            } else {
                live.add(r);
            }
        }
        return new Scan(live, expired, dangling, logKeys);
    }

    private void link(Path link, int keep, Optional<Instant> cutoff, List<Root> live, List<Root> expired,
            Set<String> logKeys) throws IOException {
        Optional<ProfileId> cur = profiles.current(link);
        if (cur.isPresent() && profiles.exists(cur.get())) {
            live.add(new Root(Kind.LINK, link, cur.get(), "current"));
        }
        Optional<Path> log = generations.logOf(link);
        if (log.isEmpty()) {
            return;
        }
        logKeys.add(log.get().getFileName().toString().replace(".log", ""));
        List<Generations.Generation> gens = Generations.read(log.get());
        int kept = 0;
        for (int i = gens.size() - 1; i >= 0; i--) {
            Generations.Generation g = gens.get(i);
            if (cur.isPresent() && g.profile().equals(cur.get()) || !profiles.exists(g.profile())) {
                continue;
            }
            Root r = new Root(Kind.GENERATION, link, g.profile(), "generation " + g.number() + " (" + g.description() + ")");
            boolean old = cutoff.isPresent() && g.epochSeconds() < cutoff.get().getEpochSecond();
            if (kept < keep && !old) {
                live.add(r);
                kept++;
            } else {
                expired.add(r);
            }
        }
    }

    /** The profile {@code target} is the directory of, when it is one of this store's. */
    private Optional<ProfileId> profileDir(Path target) {
        if (target.getParent() == null || !target.getParent().equals(store.profilesDir())) {
            return Optional.empty();
        }
        String name = target.getFileName().toString();
        return ProfileId.isValid(name) ? Optional.of(new ProfileId(name)) : Optional.empty();
    }

    // --- pins

    /**
     * Pins a profile: {@code gcroots/pin-<pid>} -> its directory, so GC keeps it whatever its
     * age. Idempotent. The caller holds the store lock shared.
     *
     * @return whether it was not pinned before
     */
    public boolean pin(ProfileId id) throws HdException, IOException {
        if (!profiles.exists(id)) {
            throw new HdException("no profile " + id.value() + " in " + store.profilesDir(),
                    "hd log lists the profiles a link had; hd build makes one");
        }
        Path pin = store.pin(id);
        Files.createDirectories(pin.getParent());
        try {
            Files.createSymbolicLink(pin, store.profile(id));
            Fs.fsyncDir(pin.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Removes a pin; returns whether there was one. */
    public boolean unpin(ProfileId id) throws IOException {
        return Files.deleteIfExists(store.pin(id));
    }

    /** The pinned profiles (pins made by {@link #pin}), sorted. */
    public List<ProfileId> pins() throws IOException {
        List<ProfileId> out = new ArrayList<>();
        if (!Files.isDirectory(store.gcRootsDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(store.gcRootsDir(), Store.PIN_PREFIX + "*")) {
            for (Path p : ds) {
                String id = p.getFileName().toString().substring(Store.PIN_PREFIX.length());
                if (ProfileId.isValid(id) && Files.isSymbolicLink(p)) {
                    out.add(new ProfileId(id));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
