package dev.hd.cli;

import dev.hd.builder.Generations;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the generation commands ({@code hd log}, {@code rollback}, {@code pin}, {@code unpin})
 * name a profile link and a profile: {@code DIR} means {@code DIR/.hd/profile}, {@code --link}
 * names a link directly; a profile is a generation of the link, its current profile, or an id
 * (or a unique prefix of one) of a profile in the store. Nothing here reads a spec or git.
 */
final class ProfileLinks {
    private ProfileLinks() {
    }

    /** The link: {@code --link} (relative to the working directory), else {@code DIR/.hd/profile}. */
    static Path link(Main main, String dir, Path link) {
        if (link != null) {
            return main.cwd().resolve(link).toAbsolutePath().normalize();
        }
        return main.cwd().resolve(dir == null ? "." : dir).toAbsolutePath().normalize().resolve(".hd/profile");
    }

    /** The profile {@code link} points at now. */
    static ProfileId current(Store store, Path link) throws HdException {
        return new Profiles(store).current(link).orElseThrow(() -> new HdException(
                Files.isSymbolicLink(link) ? link + " points at no profile of the store " + store.root()
                        : "no profile link at " + link,
                Files.isSymbolicLink(link) ? "use --store for the store it belongs to" : "run hd build first"));
    }

    /** Generation {@code n} of the link's log. */
    static Generations.Generation generation(Store store, Path link, int n) throws HdException, IOException {
        List<Generations.Generation> gens = new Generations(store).list(link);
        for (Generations.Generation g : gens) {
            if (g.number() == n) {
                return g;
            }
        }
        throw new HdException("no generation " + n + " of " + link + (gens.isEmpty() ? " (it has none)" : ""),
                "hd log lists the generations there are");
    }

    /** A profile named by its id or a unique prefix (at least 4 characters), when {@code arg} looks like one. */
    static Optional<ProfileId> byId(Store store, String arg) throws HdException, IOException {
        if (arg.length() < 4 || !arg.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) {
            return Optional.empty();
        }
        if (ProfileId.isValid(arg)) {
            return Optional.of(new ProfileId(arg));
        }
        List<ProfileId> found = new ArrayList<>();
        if (Files.isDirectory(store.profilesDir())) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(store.profilesDir(), arg + "*")) {
                for (Path p : ds) {
                    if (ProfileId.isValid(p.getFileName().toString())) {
                        found.add(new ProfileId(p.getFileName().toString()));
                    }
                }
            }
        }
        if (found.isEmpty() && Files.isDirectory(store.gcRootsDir())) {
            // a pinned profile that is gone can still be unpinned by its short id
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(store.gcRootsDir(), Store.PIN_PREFIX + arg + "*")) {
                for (Path p : ds) {
                    String id = p.getFileName().toString().substring(Store.PIN_PREFIX.length());
                    if (ProfileId.isValid(id)) {
                        found.add(new ProfileId(id));
                    }
                }
            }
        }
        if (found.size() > 1) {
            throw new HdException("'" + arg + "' is the start of " + found.size() + " profiles' ids", "give more of the id");
        }
        return found.stream().findFirst();
    }

    /** Parses a generation number argument. */
    static OptionalInt number(String s) {
        if (s == null || s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(s));
    }
}
