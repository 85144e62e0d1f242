package dev.hd.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages (troff, section 1) from the picocli model: {@code hd(1)} and one page per
 * command, nested ones included ({@code hd-config-set(1)}), made when hd is built. The text
 * is the help's: descriptions, options, arguments, and the footer (its examples) verbatim.
 *
 * <p>Why not picocli-codegen's {@code ManPageGenerator}: it writes AsciiDoc, which needs
 * Asciidoctor (JRuby, tens of megabytes, seconds per build) to become a man page; the troff
 * subset a man page needs is small enough to write directly.
 */
final class ManPages {
    private final CommandLine root;
    private final String version;

    ManPages(CommandLine root, String version) {
        this.root = root;
        this.version = version;
    }

    /** File name (hd-build.1) to page text, for every command that is not hidden. */
    Map<String, String> pages() {
        Map<String, String> out = new LinkedHashMap<>();
        collect(root, out);
        return out;
    }

    private void collect(CommandLine c, Map<String, String> out) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        out.put(pageName(c) + ".1", page(c));
        for (CommandLine sub : c.getSubcommands().values()) {
            collect(sub, out);
        }
    }

    /** hd, hd-build, hd-config-set. */
    static String pageName(CommandLine c) {
        return c.getCommandSpec().qualifiedName("-");
    }

    String page(CommandLine c) {
        CommandSpec spec = c.getCommandSpec();
        CommandLine.Model.UsageMessageSpec u = spec.usageMessage();
        String name = pageName(c);
        StringBuilder b = new StringBuilder();
        b.append(".\\\" generated from hd's command model when hd is built: do not edit\n");
        b.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"hd ").append(text(version))
                .append("\" \"hd manual\"\n");
        b.append(".SH NAME\n").append(name.replace("-", "\\-")).append(" \\- ");
        List<String> description = lines(u.description());
        b.append(text(description.isEmpty() ? "" : sentence(description.get(0)))).append('\n');

        b.append(".SH SYNOPSIS\n.nf\n");
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        for (String line : help.synopsis(0).split("\n")) {
            if (!line.isBlank()) {
                b.append(code(line.stripTrailing())).append('\n');
            }
        }
        b.append(".fi\n");

        if (!description.isEmpty()) {
            b.append(".SH DESCRIPTION\n");
            paragraphs(b, description);
        }

        List<PositionalParamSpec> positionals = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                positionals.add(p);
            }
        }
        if (!positionals.isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                b.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n");
                paragraphs(b, lines(p.description()));
            }
        }

        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        if (!options.isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                b.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + n.replace("-", "\\-") + "\\fR");
                }
                b.append(String.join(", ", names));
                if (o.arity().max() > 0 && !o.typeInfo().isBoolean()) {
                    b.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
                }
                b.append('\n');
                paragraphs(b, lines(o.description()));
            }
        }

        List<CommandLine> subs = new ArrayList<>();
        for (CommandLine s : c.getSubcommands().values()) {
            if (!s.getCommandSpec().usageMessage().hidden()) {
                subs.add(s);
            }
        }
        if (!subs.isEmpty()) {
            b.append(".SH COMMANDS\n");
            for (CommandLine s : subs) {
                List<String> d = lines(s.getCommandSpec().usageMessage().description());
                b.append(".TP\n\\fB").append(text(s.getCommandName())).append("\\fR\n")
                        .append(text(d.isEmpty() ? "" : d.get(0))).append(" See \\fB")
                        .append(pageName(s).replace("-", "\\-")).append("\\fR(1).\n");
            }
        }

        footer(b, lines(u.footer()));

        if (c.getParent() == null) {
            b.append(".SH ENVIRONMENT\n");
            b.append(".TP\n\\fBHD_STORE\\fR\nThe store, when \\fB\\-\\-store\\fR is not given (default ~/.hd).\n");
            b.append(".TP\n\\fBNO_COLOR\\fR\nWhen set, no colours and no live progress: plain lines, as off a terminal.\n");
            b.append(".SH FILES\n.TP\n\\fI~/.hd/config\\fR\nThe store config file; see \\fBhd\\-config\\fR(1).\n");
        }
        b.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (c.getParent() != null) {
            see.add("\\fB" + pageName(c.getParent()).replace("-", "\\-") + "\\fR(1)");
        }
        for (CommandLine s : subs) {
            see.add("\\fB" + pageName(s).replace("-", "\\-") + "\\fR(1)");
        }
        if (see.isEmpty()) {
            see.add("\\fBhd\\fR(1)");
        }
        b.append(String.join(", ", see)).append('\n');
        return b.toString();
    }

    /**
     * The footer: an "Examples:" block becomes an EXAMPLES section, kept as written (no
     * filling); the rest becomes notes. An "Exit codes:" line becomes EXIT STATUS.
     */
    private static void footer(StringBuilder b, List<String> lines) {
        List<String> examples = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String exit = null;
        boolean inExamples = false;
        for (String l : lines) {
            if (l.matches("Examples?:")) {
                inExamples = true;
                continue;
            }
            if (inExamples && l.startsWith("  ")) {
                examples.add(l.substring(2));
                continue;
            }
            inExamples = false;
            if (l.startsWith("Exit codes:")) {
                exit = l.substring("Exit codes:".length()).strip();
            } else if (!l.isBlank()) {
                notes.add(l);
            } else if (!notes.isEmpty() && !notes.get(notes.size() - 1).isEmpty()) {
                notes.add("");
            }
        }
        if (!examples.isEmpty()) {
            b.append(".SH EXAMPLES\n.nf\n.RS 4\n");
            for (String e : examples) {
                b.append(code(e)).append('\n');
            }
            b.append(".RE\n.fi\n");
        }
        while (!notes.isEmpty() && notes.get(notes.size() - 1).isEmpty()) {
            notes.remove(notes.size() - 1);
        }
        if (!notes.isEmpty()) {
            b.append(".SH NOTES\n");
            paragraphs(b, notes);
        }
        if (exit != null) {
            b.append(".SH EXIT STATUS\n").append(text(exit)).append('\n');
        }
    }

    /** Description lines: each a line of its own (.br), a blank one a new paragraph. */
    private static void paragraphs(StringBuilder b, List<String> lines) {
        boolean first = true;
        for (String l : lines) {
            if (l.isBlank()) {
                b.append(".PP\n");
                first = true;
                continue;
            }
            if (!first) {
                b.append(".br\n");
            }
            b.append(text(l.strip())).append('\n');
            first = false;
        }
    }

    /** picocli's help strings, with {@code %n} as line breaks and {@code %%} as {@code %}. */
    private static List<String> lines(String[] raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            for (String l : r.replace("%n", "\n").replace("%%", "%").split("\n", -1)) {
                out.add(l);
            }
        }
        while (!out.isEmpty() && out.get(0).isBlank()) {
            out.remove(0);
        }
        return out;
    }

    /** The first line of a description, without its final full stop, for the NAME line. */
    private static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /**
     * A command line as a man page shows it: {@link #text}, and every {@code -} a minus sign,
     * so that what is copied from the page is what hd takes (groff may typeset a plain
     * {@code -} as a hyphen, which is another character).
     */
    static String code(String s) {
        return text(s).replace("-", "\\-");
    }

    /** Text made safe for troff: backslashes escaped, no line starting with a control character. */
    static String text(String s) {
        String t = s.replace("\\", "\\e");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t;
    }
}
