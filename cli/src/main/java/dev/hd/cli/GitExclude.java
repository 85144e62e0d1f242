package dev.hd.cli;

import dev.hd.resolver.HdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Keeps hd's {@code .hd/} directory out of git's view by listing it in
 * {@code .git/info/exclude} (plain file IO: no JGit on the build path).
 */
final class GitExclude {
    static final String ENTRY = ".hd/";

    private GitExclude() {
    }

    /** Adds {@code .hd/} to DIR's {@code .git/info/exclude} when DIR has a {@code .git} directory. */
    static void addHdDir(Path dir) throws HdException {
        Path git = dir.resolve(".git");
        if (!Files.isDirectory(git)) {
            return;
        }
        Path exclude = git.resolve("info/exclude");
        try {
            if (Files.exists(exclude)) {
                List<String> lines = Files.readAllLines(exclude, StandardCharsets.UTF_8);
                for (String l : lines) {
                    String t = l.trim();
                    if (t.equals(ENTRY) || t.equals("/" + ENTRY) || t.equals(".hd") || t.equals("/.hd")) {
                        return;
                    }
                }
                String text = Files.readString(exclude, StandardCharsets.UTF_8);
                String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
                Files.writeString(exclude, sep + ENTRY + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } else {
                Files.createDirectories(exclude.getParent());
                Files.writeString(exclude, "# added by hd: its profile link and state are not part of the stack\n"
                        + ENTRY + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new HdException("cannot add " + ENTRY + " to " + exclude + ": " + e.getMessage(),
                    "add the line '" + ENTRY + "' to it yourself, so that git ignores hd's files");
        }
    }
}
