package dev.hd.builder.source;

import dev.hd.resolver.HdException;
import dev.hd.resolver.SourceKey;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A place searched for archives before their own url: a local directory or an http(s) URL.
 * Both are searched the same way, for {@code sha256/<hex>} (the layout of a store's
 * {@code src/}, so a store can serve as another's mirror) and then for the basename of the
 * archive's url. A directory mirror also honours a {@code SHA256SUMS} file (as written by
 * {@code sha256sum}), so a folder of upstream tarballs works whatever the specs' urls are.
 */
public sealed interface Mirror permits Mirror.Directory, Mirror.Remote {

    /** The name of the digest list a directory mirror may hold. */
    String SUMS_FILE = "SHA256SUMS";

    /** Where to look for the archive with this key and url, in order. */
    List<Location> locations(SourceKey key, String url) throws IOException;

    /** A directory on this machine (or a mounted share). */
    record Directory(Path dir) implements Mirror {
        public Directory {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public List<Location> locations(SourceKey key, String url) throws IOException {
            List<Location> out = new ArrayList<>(3);
            out.add(Location.of(dir.resolve("sha256").resolve(key.digest())));
            String listed = listedName(key);
            if (listed != null) {
                out.add(Location.of(dir.resolve(listed)));
            }
            String base = basename(url);
            if (base != null && !base.equals(listed)) {
                out.add(Location.of(dir.resolve(base)));
            }
            return out;
        }

        private String listedName(SourceKey key) throws IOException {
            List<String> lines;
            try {
                lines = Files.readAllLines(dir.resolve(SUMS_FILE), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            }
            for (String line : lines) {
                // "<hex>  name" (text mode) or "<hex> *name" (binary mode)
                if (line.length() > 66 && line.regionMatches(true, 0, key.digest(), 0, 64)
                        && line.charAt(64) == ' ') {
                    String name = line.substring(66);
                    if (name.startsWith("./")) {
                        name = name.substring(2);
                    }
                    if (safeRelative(name)) {
                        return name;
                    }
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return dir.toString();
        }
    }

    /** An http(s) server holding the same layout under {@code base}. */
    record Remote(URI base) implements Mirror {
        public Remote {
            Objects.requireNonNull(base, "base");
            String s = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
            if (!s.equals("http") && !s.equals("https")) {
                throw new IllegalArgumentException("not an http(s) URL: " + base);
            }
        }

        @Override
        public List<Location> locations(SourceKey key, String url) {
            String b = base.toString();
            String prefix = b.endsWith("/") ? b : b + "/";
            List<Location> out = new ArrayList<>(2);
            out.add(Location.of(URI.create(prefix + "sha256/" + key.digest())));
            String raw = rawBasename(url);
            if (raw != null) {
                try {
                    out.add(Location.of(new URI(prefix + raw)));
                } catch (URISyntaxException e) {
                    // a url whose last segment cannot be reused is simply not looked up by name
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /**
     * One place to read an archive from: a local file or a URL.
     *
     * @param file the file, for directory mirrors (then {@code url} is null)
     * @param url  the URL, otherwise
     */
    record Location(Path file, URI url) {
        public Location {
            if ((file == null) == (url == null)) {
                throw new IllegalArgumentException("exactly one of file and url");
            }
        }

        static Location of(Path file) {
            return new Location(file, null);
        }

        static Location of(URI url) {
            return new Location(null, url);
        }

        @Override
        public String toString() {
            return file != null ? file.toString() : url.toString();
        }
    }

    /**
     * Reads a mirror as written on the command line or in the store config: an http(s) URL,
     * a {@code file:} URL, or a directory, taken relative to {@code base} when relative.
     *
     * @throws HdException when the text is empty, not a valid URL, or of another scheme
     */
    static Mirror parse(String text, Path base) throws HdException {
        String t = text == null ? "" : text.trim();
        URI uri = url(t);
        if (uri == null) {
            return new Directory(base.resolve(t).toAbsolutePath().normalize());
        }
        if (uri.getScheme().equalsIgnoreCase("file")) {
            return new Directory(Path.of(uri));
        }
        return new Remote(uri);
    }

    /** What is wrong with a mirror's text, or null when {@link #parse} will take it. */
    static String problem(String text) {
        try {
            url(text == null ? "" : text.trim());
            return null;
        } catch (HdException e) {
            return e.getMessage();
        }
    }

    /** The URL a mirror's text names, or null when it names a directory. */
    private static URI url(String t) throws HdException {
        if (t.isEmpty()) {
            throw new HdException("empty mirror", "give a directory or an http(s) URL");
        }
        int colon = t.indexOf(':');
        // "C:" and "dir:x" are paths; a scheme has at least two characters before the colon
        boolean looksLikeUrl = colon > 1 && t.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (!looksLikeUrl) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new HdException("mirror '" + t + "' is not a valid URL: " + e.getReason(),
                    "give a directory or an http(s) URL", e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "https":
                if (uri.getHost() == null) {
                    throw new HdException("mirror '" + t + "' has no host", "write it like https://host/path");
                }
                return uri;
            case "file":
                try {
                    Path.of(uri);
                } catch (IllegalArgumentException e) {
                    throw new HdException("mirror '" + t + "' is not a usable file URL (" + e.getMessage() + ")",
                            "write file URLs with an absolute path: file:///path/to/dir", e);
                }
                return uri;
            default:
                throw new HdException("mirror '" + t + "' has unsupported scheme '" + scheme + "'",
                        "give a directory, a file: URL or an http(s) URL");
        }
    }

    /** The decoded last path segment of {@code url}, or null when it has none worth looking for. */
    static String basename(String url) {
        String path;
        try {
            URI u = new URI(url);
            path = u.getPath();
        } catch (URISyntaxException e) {
            path = url;
        }
        if (path == null) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return safeRelative(name) && !name.contains("/") ? name : null;
    }

    private static String rawBasename(String url) {
        try {
            String raw = new URI(url).getRawPath();
            if (raw == null) {
                return null;
            }
            String name = raw.substring(raw.lastIndexOf('/') + 1);
            return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A relative path with no empty, "." or ".." segment: cannot leave the directory it is resolved in. */
    private static boolean safeRelative(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\0') >= 0) {
            return false;
        }
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
