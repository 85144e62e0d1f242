package dev.hd.cli;

import dev.hd.builder.ProfileId;
import dev.hd.builder.Store;
import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The profile {@code hd pin} and {@code hd unpin} act on: a link's current one or generation, or an id. */
final class PinTarget {
    @Parameters(arity = "0..1", paramLabel = "DIR|PROFILE",
            description = {"A stack directory (its link's current profile; default: the current directory),",
                    "a profile's directory in the store, or a profile id (or a unique prefix of one)."})
    String target;

    @Option(names = "--link", paramLabel = "PATH", description = "The profile link (default: DIR/.hd/profile).")
    Path link;

    @Option(names = {"-g", "--generation"}, paramLabel = "N", description = "The profile of the link's generation N (see hd log).")
    Integer generation;

    ProfileId resolve(Main main, Store store) throws HdException, IOException {
        if (target != null && link != null) {
            throw new UsageException("give either a directory or profile, or --link, not both");
        }
        if (target != null) {
            Path p = main.cwd().resolve(target).toAbsolutePath().normalize();
            if (p.getParent() != null && p.getParent().equals(store.profilesDir()) && ProfileId.isValid(p.getFileName().toString())) {
                return new ProfileId(p.getFileName().toString());
            }
            if (!Files.isDirectory(p)) {
                Optional<ProfileId> id = ProfileLinks.byId(store, target);
                if (id.isPresent()) {
                    if (generation != null) {
                        throw new UsageException("-g picks a generation of a link; " + target + " is a profile");
                    }
                    return id.get();
                }
                throw new HdException("no directory or profile '" + target + "'",
                        "give a stack directory, a profile id (hd log shows them) or a directory under " + store.profilesDir());
            }
        }
        Path l = ProfileLinks.link(main, target, link);
        if (generation != null) {
            return ProfileLinks.generation(store, l, generation).profile();
        }
        return ProfileLinks.current(store, l);
    }
}
