package dev.hd.resolver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with the position it came from, so every later error can name
 * file:line:column. Scalars stay strings: the spec schema decides what they mean.
 */
sealed interface YNode permits YNode.Scalar, YNode.Seq, YNode.Mapping {

    SpecLocation loc();

    /** Number of nodes this one stands for once aliases are expanded (alias-bomb guard). */
    long weight();

    /** What kind of YAML value this is, for messages ("a list", "a mapping", "a string"). */
    String kind();

    /**
     * A scalar. {@code value} is {@code null} for YAML null ({@code ~}, {@code null}, or
     * nothing); {@code plain} tells an unquoted scalar from a quoted one (only unquoted
     * {@code true}/{@code false} are booleans); {@code block} marks a literal or folded block
     * scalar ({@code |}, {@code >}), whose text starts on the line after {@code loc}.
     */
    record Scalar(String value, boolean plain, boolean block, SpecLocation loc) implements YNode {
        @Override
        public long weight() {
            return 1;
        }

        @Override
        public String kind() {
            return value == null ? "null" : "a string";
        }

        boolean isNull() {
            return value == null;
        }
    }

    /** A sequence. */
    record Seq(List<YNode> items, SpecLocation loc, long weight) implements YNode {
        public Seq {
            items = Collections.unmodifiableList(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping with string keys, in file order; each key keeps its own position. */
    record Mapping(Map<String, Entry> entries, SpecLocation loc, long weight) implements YNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** One key with its value. */
        record Entry(Scalar key, YNode value) {
        }

        YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }
}
