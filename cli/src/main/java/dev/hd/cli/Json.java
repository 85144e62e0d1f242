package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.resolver.CanonicalJson;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;

/**
 * The {@code --json} output of commands. Every document has {@code "version"}: the format
 * version of hd's JSON output, bumped when a field changes meaning or disappears.
 */
final class Json {
    static final int FORMAT_VERSION = 1;

    private Json() {
    }

    static ObjectNode document() {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("version", FORMAT_VERSION);
        return o;
    }

    static String resolved(ResolvedStack rs) {
        ObjectNode doc = document();
        ObjectNode params = doc.putObject("parameters");
        rs.parameters().forEach(params::put);
        ArrayNode pkgs = doc.putArray("packages");
        for (ResolvedPackage p : rs.packages()) {
            ObjectNode o = pkgs.addObject();
            o.put("name", p.name());
            o.put("spec", p.specName());
            o.put("version", p.version());
            o.put("id", p.id().value());
            o.put("short_id", p.id().shortForm());
            o.put("origin", p.origin().toString());
            ArrayNode b = o.putArray("build_deps");
            p.buildDeps().forEach(b::add);
            ArrayNode r = o.putArray("run_deps");
            p.runDeps().forEach(r::add);
            o.put("in_profile", rs.profilePackages().contains(p.name()));
            ArrayNode src = o.putArray("sources");
            for (dev.hd.resolver.Source s : p.sources()) {
                ObjectNode so = src.addObject();
                so.put("key", s.key().toString());
                so.put("target", s.target());
                if (s instanceof dev.hd.resolver.Source.Git g) {
                    so.put("url", g.url());
                    so.put("commit", g.commit());
                    if (g.ref() != null) {
                        so.put("ref", g.ref()); // a floating source: the commit it resolved to is above
                    }
                } else if (s instanceof dev.hd.resolver.Source.Archive a && a.url() != null) {
                    so.put("url", a.url());
                } else if (s instanceof dev.hd.resolver.Source.Tree t) {
                    so.put("path", t.path());
                } else if (s instanceof dev.hd.resolver.Source.Local l) {
                    so.put("develop", l.dir().toString());
                }
            }
            o.set("build_spec", CanonicalJson.read(p.buildSpecJson()));
        }
        return write(doc);
    }

    static String write(ObjectNode doc) {
        try {
            return CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
