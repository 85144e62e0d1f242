package dev.hd.resolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code when} conditions to a spec tree, producing the tree as it is for one set of
 * parameters:
 * <ul>
 *   <li>a list item that is a mapping with a {@code when:} key is kept (without that key)
 *       only when the condition holds; {@code {when: C, sequence: [..]}} splices its items;
 *   <li>a mapping key {@code when C:} holding a mapping merges it into the enclosing mapping
 *       when C holds (mappings merge recursively, lists are appended, scalars replaced).
 * </ul>
 */
final class Conditions {
    private Conditions() {
    }

    static YNode apply(YNode n, Params p) throws SpecException {
        if (n instanceof YNode.Seq seq) {
            List<YNode> out = new ArrayList<>();
            for (YNode item : seq.items()) {
                if (item instanceof YNode.Mapping m && m.has("when")) {
                    YNode.Scalar cond = Fields.scalar(m.get("when"), "'when'");
                    if (!WhenExpr.parse(cond).eval(p)) {
                        continue;
                    }
                    if (m.has("sequence")) {
                        if (m.entries().size() != 2) {
                            throw new SpecException(m.loc(), "an item with 'when:' and 'sequence:' may hold nothing else",
                                    "move the other keys into the items of 'sequence:'");
                        }
                        YNode.Seq inner = Fields.list(apply(m.get("sequence"), p), "'sequence'");
                        out.addAll(inner.items());
                        continue;
                    }
                    Map<String, YNode.Mapping.Entry> rest = new LinkedHashMap<>(m.entries());
                    rest.remove("when");
                    out.add(apply(new YNode.Mapping(rest, m.loc(), m.weight()), p));
                } else {
                    out.add(apply(item, p));
                }
            }
            return new YNode.Seq(out, seq.loc(), seq.weight());
        }
        if (n instanceof YNode.Mapping m) {
            Map<String, YNode.Mapping.Entry> out = new LinkedHashMap<>();
            List<YNode.Mapping.Entry> blocks = new ArrayList<>();
            for (YNode.Mapping.Entry e : m.entries().values()) {
                if (Fields.isWhenBlock(e.key().value())) {
                    blocks.add(e);
                } else {
                    out.put(e.key().value(), new YNode.Mapping.Entry(e.key(), apply(e.value(), p)));
                }
            }
            for (YNode.Mapping.Entry b : blocks) {
                String expr = b.key().value().substring(4).trim();
                SpecLocation at = WhenExpr.textStart(b.key(), new SpecLocation(b.key().loc().file(),
                        b.key().loc().line(), b.key().loc().column() + b.key().value().indexOf(expr)));
                if (!WhenExpr.parse(expr, at).eval(p)) {
                    continue;
                }
                YNode.Mapping add = Fields.map(apply(b.value(), p), "'" + b.key().value() + "'");
                merge(out, add);
            }
            return new YNode.Mapping(out, m.loc(), m.weight());
        }
        return n;
    }

    private static void merge(Map<String, YNode.Mapping.Entry> into, YNode.Mapping add) {
        for (YNode.Mapping.Entry e : add.entries().values()) {
            YNode.Mapping.Entry old = into.get(e.key().value());
            if (old == null) {
                into.put(e.key().value(), e);
            } else if (old.value() instanceof YNode.Mapping a && e.value() instanceof YNode.Mapping b) {
                Map<String, YNode.Mapping.Entry> merged = new LinkedHashMap<>(a.entries());
                merge(merged, b);
                into.put(e.key().value(), new YNode.Mapping.Entry(old.key(),
                        new YNode.Mapping(merged, a.loc(), a.weight() + b.weight())));
            } else if (old.value() instanceof YNode.Seq a && e.value() instanceof YNode.Seq b) {
                List<YNode> items = new ArrayList<>(a.items());
                items.addAll(b.items());
                into.put(e.key().value(), new YNode.Mapping.Entry(old.key(),
                        new YNode.Seq(items, a.loc(), a.weight() + b.weight())));
            } else {
                into.put(e.key().value(), e);
            }
        }
    }
}
