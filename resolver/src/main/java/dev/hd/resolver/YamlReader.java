package dev.hd.resolver;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns the bytes of a spec file into {@link YNode}s with positions. Built on the event
 * parser of snakeyaml-engine (not its composer), so that hostile input is refused early:
 * nesting deeper than {@link #MAX_DEPTH} stops at the first level too many (no recursion,
 * no stack overflow) and aliases that would expand to more than {@link #MAX_WEIGHT} nodes
 * (a "billion laughs" bomb) are refused without expanding them.
 */
final class YamlReader {
    static final int MAX_DEPTH = 64;
    static final long MAX_WEIGHT = 200_000;
    static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

    // Positions carry hd's own file names, so the parser's label is not needed.
    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setCodePointLimit(MAX_CODE_POINTS)
            .setAllowDuplicateKeys(false)
            .build();

    private YamlReader() {
    }

    /** Parses one YAML document; an empty file is an empty mapping. */
    static YNode parse(String file, byte[] bytes) throws SpecException {
        String text = decodeUtf8(file, bytes);
        try {
            return build(file, new Parse(SETTINGS).parseString(text).iterator());
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            SpecLocation loc = m == null ? SpecLocation.ofFile(file)
                    : new SpecLocation(file, m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new SpecException(loc, "YAML syntax error: " + problem + context,
                    "check the indentation here; values containing ': ', '#', or starting with"
                            + " '{', '[', '*', '&', '!' or '%' must be quoted");
        } catch (YamlEngineException e) {
            throw new SpecException(SpecLocation.ofFile(file), "YAML error: " + e.getMessage(),
                    "keep spec files small and plain YAML");
        }
    }

    private static String decodeUtf8(String file, byte[] bytes) throws SpecException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8);
            int col = before.codePointCount(0, before.length()) + 1;
            throw new SpecException(new SpecLocation(file, line, col),
                    String.format("not valid UTF-8 (byte 0x%02x)", bytes[bad] & 0xff),
                    "spec files must be UTF-8; convert it, e.g. with: iconv -f latin1 -t utf-8");
        }
        try {
            dec.flush(out);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e);
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** A collection being built, with what it has so far. */
    private static final class Frame {
        final boolean mapping;
        final SpecLocation loc;
        final Optional<Anchor> anchor;
        final List<YNode> items = new ArrayList<>();
        final LinkedHashMap<String, YNode.Mapping.Entry> entries = new LinkedHashMap<>();
        YNode.Scalar pendingKey;
        long weight = 1;

        Frame(boolean mapping, SpecLocation loc, Optional<Anchor> anchor) {
            this.mapping = mapping;
            this.loc = loc;
            this.anchor = anchor;
        }
    }

    private static YNode build(String file, Iterator<Event> events) throws SpecException {
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        Map<String, YNode> anchors = new HashMap<>();
        YNode root = null;
        int documents = 0;
        while (events.hasNext()) {
            Event ev = events.next();
            SpecLocation loc = loc(file, ev);
            YNode done = null;
            switch (ev.getEventId()) {
                case StreamStart, StreamEnd, DocumentEnd, Comment -> {
                }
                case DocumentStart -> {
                    documents++;
                    if (documents > 1) {
                        throw new SpecException(loc, "more than one YAML document in the file",
                                "remove the '---' separator: a spec file holds one mapping");
                    }
                }
                case MappingStart, SequenceStart -> {
                    CollectionStartEvent cs = (CollectionStartEvent) ev;
                    checkTag(cs.getTag(), loc);
                    if (stack.size() >= MAX_DEPTH) {
                        throw new SpecException(loc, "YAML nested more than " + MAX_DEPTH + " levels deep",
                                "spec files are shallow; this looks generated or corrupt");
                    }
                    // Declared as "in progress" so that an alias inside it is recognised as recursion.
                    cs.getAnchor().ifPresent(a -> anchors.put(a.getValue(), null));
                    stack.push(new Frame(ev.getEventId() == Event.ID.MappingStart, loc, cs.getAnchor()));
                }
                case MappingEnd, SequenceEnd -> {
                    Frame f = stack.pop();
                    done = f.mapping ? new YNode.Mapping(f.entries, f.loc, f.weight)
                            : new YNode.Seq(f.items, f.loc, f.weight);
                    if (f.anchor.isPresent()) {
                        anchors.put(f.anchor.get().getValue(), done);
                    }
                }
                case Scalar -> {
                    ScalarEvent se = (ScalarEvent) ev;
                    checkTag(se.getTag(), loc);
                    String v = se.getValue();
                    boolean plain = se.isPlain();
                    if (plain && (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null")
                            || v.equals("NULL"))) {
                        v = null;
                    }
                    done = new YNode.Scalar(v, plain, se.isLiteral() || se.isFolded(), loc);
                    if (se.getAnchor().isPresent()) {
                        anchors.put(se.getAnchor().get().getValue(), done);
                    }
                }
                case Alias -> {
                    String name = ((AliasEvent) ev).getAlias().getValue();
                    if (!anchors.containsKey(name)) {
                        throw new SpecException(loc, "alias *" + name + " refers to no anchor defined before it",
                                "define '&" + name + "' before using '*" + name + "'");
                    }
                    done = anchors.get(name);
                    if (done == null) {
                        throw new SpecException(loc, "alias *" + name + " refers to a collection that contains it",
                                "recursive YAML structures are not allowed");
                    }
                }
                default -> throw new SpecException(loc, "unexpected YAML event " + ev.getEventId(),
                        "simplify the YAML here: hd reads plain mappings, lists and strings");
            }
            if (done == null) {
                continue;
            }
            if (stack.isEmpty()) {
                root = done;
                continue;
            }
            Frame parent = stack.peek();
            parent.weight += done.weight();
            if (parent.weight > MAX_WEIGHT) {
                throw new SpecException(loc, "YAML aliases expand to more than " + MAX_WEIGHT + " nodes",
                        "this looks like an alias bomb; spec files do not need aliases that large");
            }
            if (!parent.mapping) {
                parent.items.add(done);
            } else if (parent.pendingKey == null) {
                if (!(done instanceof YNode.Scalar k) || k.isNull()) {
                    throw new SpecException(done.loc(), "a mapping key must be a plain string, found "
                            + done.kind(), "write the key as a word followed by ':'");
                }
                if (parent.entries.containsKey(k.value())) {
                    SpecLocation first = parent.entries.get(k.value()).key().loc();
                    throw new SpecException(k.loc(), "duplicate key '" + k.value() + "' (first at line "
                            + first.line() + ")", "remove one of the two");
                }
                parent.pendingKey = k;
            } else {
                parent.entries.put(parent.pendingKey.value(), new YNode.Mapping.Entry(parent.pendingKey, done));
                parent.pendingKey = null;
            }
        }
        if (root == null || (root instanceof YNode.Scalar s && s.isNull())) {
            return new YNode.Mapping(Map.of(), SpecLocation.ofFile(file), 1);
        }
        return root;
    }

    private static void checkTag(Optional<String> tag, SpecLocation loc) throws SpecException {
        if (tag.isPresent()) {
            String t = tag.get();
            if (!t.startsWith("tag:yaml.org,2002:")) {
                throw new SpecException(loc, "YAML tag " + t + " is not supported",
                        "remove the tag; quote the value if it should be a string");
            }
        }
    }

    private static SpecLocation loc(String file, Event ev) {
        Optional<Mark> m = ev.getStartMark();
        return m.map(mark -> new SpecLocation(file, mark.getLine() + 1, mark.getColumn() + 1))
                .orElse(SpecLocation.ofFile(file));
    }
}
