package dev.hd.resolver;

/**
 * A position in a spec file: path relative to the stack root, 1-based line and column.
 * Line and column are 0 when the position is unknown (the whole file).
 */
public record SpecLocation(String file, int line, int column) {
    public SpecLocation {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("file");
        }
    }

    public static SpecLocation ofFile(String file) {
        return new SpecLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
