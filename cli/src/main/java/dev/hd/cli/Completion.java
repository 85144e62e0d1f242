package dev.hd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Generates hd's bash and zsh completion from the picocli model, so every command, option
 * and argument (whoever added it) completes without editing a script. What an argument
 * completes to is read off the model (see docs/cli.md, "Completion"):
 * <ul>
 * <li>completion candidates (an enum's values, {@code completionCandidates}): those words;</li>
 * <li>a parameter label naming {@code PKG} or {@code PACKAGE}: the packages of the stack in
 *     the current directory (asked of {@code hd __complete packages});</li>
 * <li>{@code REV} (or {@code COMMIT}, {@code BRANCH}, {@code TAG}): the repository's branches
 *     and tags (asked of git, no JVM); with {@code DIR} as well: directories and revisions;</li>
 * <li>{@code DIR}: directories; {@code FILE}, {@code PATH} or a {@code Path}-typed value:
 *     files; {@code CMD}: commands on {@code PATH}; {@code COMMAND} of {@code hd help}: hd's
 *     commands; anything else: nothing.</li>
 * </ul>
 * Both scripts share the tables (shell functions with {@code case} statements, valid in
 * bash and zsh); each has its own walk over the words typed so far.
 */
final class Completion {
    private final CommandLine root;

    Completion(CommandLine root) {
        this.root = root;
    }

    /** What an argument completes to, as the shell functions spell it ("words a b", "dir", ...). */
    static String kind(ArgSpec a) {
        if (a.typeInfo().isBoolean() && a.isOption() && a.arity().max() == 0) {
            return "";
        }
        if (a.completionCandidates() != null) {
            List<String> words = new ArrayList<>();
            a.completionCandidates().forEach(words::add);
            if (!words.isEmpty()) {
                return "words " + String.join(" ", words);
            }
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (String t : a.paramLabel().toUpperCase(Locale.ROOT).split("[^A-Z]+")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        if (tokens.contains("PKG") || tokens.contains("PACKAGE")) {
            return "package";
        }
        boolean rev = tokens.contains("REV") || tokens.contains("COMMIT") || tokens.contains("BRANCH")
                || tokens.contains("TAG") || tokens.contains("REVISION");
        if (rev) {
            return tokens.contains("DIR") ? "stack" : "revision";
        }
        if (tokens.contains("COMMAND") && a.command().helpCommand()) {
            return "command";
        }
        if (tokens.contains("CMD")) {
            return "executable";
        }
        if (tokens.contains("DIR")) {
            return "dir";
        }
        if (tokens.contains("FILE") || tokens.contains("PATH")) {
            return "file";
        }
        Class<?> t = a.typeInfo().getType();
        if (Path.class.isAssignableFrom(t) || java.io.File.class.isAssignableFrom(t)) {
            return "file";
        }
        return "none";
    }

    private static List<CommandLine> all(CommandLine c, List<CommandLine> out) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return out;
        }
        out.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            all(sub, out);
        }
        return out;
    }

    /** The command's path below hd, words separated by spaces ("" for hd itself). */
    static String path(CommandLine c) {
        String q = c.getCommandSpec().qualifiedName(" ");
        int sp = q.indexOf(' ');
        return sp < 0 ? "" : q.substring(sp + 1);
    }

    private static List<String> visibleSubcommands(CommandLine c) {
        List<String> out = new ArrayList<>();
        for (var e : c.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        List<OptionSpec> out = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                out.add(o);
            }
        }
        return out;
    }

    /** The tables both shells use. */
    private String tables() {
        List<CommandLine> commands = all(root, new ArrayList<>());
        StringBuilder subs = new StringBuilder();
        StringBuilder opts = new StringBuilder();
        StringBuilder optKinds = new StringBuilder();
        // options every command inherits from hd (--store, -C ...): one pattern for all, last
        StringBuilder inheritedKinds = new StringBuilder();
        StringBuilder posKinds = new StringBuilder();
        for (CommandLine c : commands) {
            String p = quote(path(c));
            List<String> s = visibleSubcommands(c);
            if (!s.isEmpty()) {
                subs.append("    ").append(p).append(") echo ").append(quote(String.join(" ", s))).append(" ;;\n");
            }
            List<String> names = new ArrayList<>();
            for (OptionSpec o : visibleOptions(c.getCommandSpec())) {
                names.addAll(List.of(o.names()));
                String k = kind(o);
                boolean everywhere = c == root && o.scopeType() == CommandLine.ScopeType.INHERIT;
                if (!k.isEmpty() && !o.inherited()) {
                    List<String> pats = new ArrayList<>();
                    for (String n : o.names()) {
                        pats.add(everywhere ? "*" + quote("|" + n) : quote(path(c) + "|" + n));
                    }
                    (everywhere ? inheritedKinds : optKinds).append("    ").append(String.join("|", pats))
                            .append(") echo ").append(quote(k)).append(" ;;\n");
                }
            }
            opts.append("    ").append(p).append(") echo ").append(quote(String.join(" ", names))).append(" ;;\n");
            List<PositionalParamSpec> pos = c.getCommandSpec().positionalParameters();
            if (!pos.isEmpty()) {
                StringBuilder chain = new StringBuilder();
                for (PositionalParamSpec pp : pos) {
                    if (pp.hidden()) {
                        continue;
                    }
                    CommandLine.Range r = pp.index();
                    String cond = r.isUnspecified() || r.max() == Integer.MAX_VALUE
                            ? "$2 >= " + r.min()
                            : "$2 >= " + r.min() + " && $2 <= " + r.max();
                    chain.append(chain.length() == 0 ? "if" : "; elif").append(" (( ").append(cond).append(" )); then echo ")
                            .append(quote(kind(pp)));
                }
                if (chain.length() > 0) {
                    posKinds.append("    ").append(p).append(") ").append(chain).append("; fi ;;\n");
                }
            }
        }
        return "# The commands below each command (by its path below hd).\n"
                + "__hd_subcommands() {\n  case \"$1\" in\n" + subs + "  esac\n}\n\n"
                + "# Every option of each command.\n"
                + "__hd_options() {\n  case \"$1\" in\n" + opts + "  esac\n}\n\n"
                + "# What the value of an option completes to ($1 command path, $2 option); nothing for a flag.\n"
                + "__hd_option_kind() {\n  case \"$1|$2\" in\n" + optKinds + inheritedKinds + "  esac\n}\n\n"
                + "# What a positional argument completes to ($1 command path, $2 its index).\n"
                + "__hd_positional_kind() {\n  case \"$1\" in\n" + posKinds + "  esac\n}\n\n"
                + "# Branches, tags and HEAD of the repository holding the current directory (or -C DIR).\n"
                + "__hd_revisions() {\n"
                + "  git ${1:+-C \"$1\"} for-each-ref --format='%(refname:short)' refs/heads refs/tags refs/remotes 2>/dev/null\n"
                + "  git ${1:+-C \"$1\"} rev-parse -q --verify HEAD >/dev/null 2>&1 && echo HEAD\n"
                + "}\n\n"
                + "# The packages of the stack in the current directory (or -C DIR), from hd itself.\n"
                + "__hd_packages() {\n"
                + "  local hd=$1\n"
                + "  [[ $hd == \"~/\"* ]] && hd=$HOME/${hd#\"~/\"}\n"
                + "  \"$hd\" ${2:+-C \"$2\"} __complete packages 2>/dev/null\n"
                + "}\n";
    }

    /**
     * The walk over the words typed before the one being completed, shared in spirit by both
     * shells: sets {@code cmdpath} (the command), {@code pos} (the index of the positional
     * argument being typed), {@code args} (the positionals so far), {@code expect} (an option
     * waiting for its value), {@code cdir} (the value of {@code -C}) and {@code dashdash}.
     * ({@code cmdpath}, not {@code path}: in zsh {@code path} is PATH.)
     */
    private static String walk(String wordsExpr, String first, String currentIndex) {
        return "  local cmdpath=\"\" pos=0 i w expect=\"\" cdir=\"\" dashdash=-1\n"
                + "  local -a args\n"
                + "  args=()\n"
                + "  for ((i=" + first + "; i<" + currentIndex + "; i++)); do\n"
                + "    w=" + wordsExpr + "\n"
                + "    if ((dashdash >= 0)); then ((dashdash++)); continue; fi\n"
                + "    if [[ -n $expect ]]; then\n"
                + "      [[ $w == \"=\" ]] && continue\n"
                + "      [[ $expect == -C ]] && cdir=$w\n"
                + "      expect=\"\"\n"
                + "      continue\n"
                + "    fi\n"
                + "    case $w in\n"
                + "      --) dashdash=0 ;;\n"
                + "      -*=*) ;;\n"
                + "      -*) [[ -n $(__hd_option_kind \"$cmdpath\" \"$w\") ]] && expect=$w ;;\n"
                + "      *)\n"
                + "        if ((pos == 0)) && [[ \" $(__hd_subcommands \"$cmdpath\") \" == *\" $w \"* ]]; then\n"
                + "          cmdpath=${cmdpath:+$cmdpath }$w\n"
                + "        else\n"
                + "          args+=(\"$w\")\n"
                + "          ((pos++))\n"
                + "        fi ;;\n"
                + "    esac\n"
                + "  done\n"
                + "  local kind\n"
                + "  if [[ -n $expect ]]; then\n"
                + "    kind=$(__hd_option_kind \"$cmdpath\" \"$expect\")\n"
                + "  elif ((dashdash == 0)); then\n"
                + "    kind=executable\n"
                + "  elif ((dashdash > 0)); then\n"
                + "    kind=file\n"
                + "  elif [[ $cur == -* ]]; then\n"
                + "    kind=\"words $(__hd_options \"$cmdpath\")\"\n"
                + "  elif ((pos == 0)) && [[ -n $(__hd_subcommands \"$cmdpath\") ]]; then\n"
                + "    kind=\"words $(__hd_subcommands \"$cmdpath\")\"\n"
                + "  else\n"
                + "    kind=$(__hd_positional_kind \"$cmdpath\" \"$pos\")\n"
                + "    [[ $kind == command ]] && kind=\"words $(__hd_subcommands \"${args[*]}\")\"\n"
                + "  fi\n";
    }

    private static final String HEADER = "# %s completion for hd, generated from hd's command model when hd is built:"
            + " do not edit.\n# How arguments complete: docs/cli.md, \"Completion\".\n";

    /** The bash script: {@code source} it, or install it as {@code bash-completion/completions/hd}. */
    String bash() {
        return String.format(HEADER, "bash")
                + "# Install: copy to ~/.local/share/bash-completion/completions/hd, or source it from ~/.bashrc.\n\n"
                + tables() + "\n"
                + "_hd() {\n"
                + "  local cur=${COMP_WORDS[COMP_CWORD]}\n"
                + "  [[ $cur == \"=\" ]] && cur=\"\"\n"
                + walk("${COMP_WORDS[i]}", "1", "COMP_CWORD")
                + "  COMPREPLY=()\n"
                + "  case ${kind%% *} in\n"
                + "    words) COMPREPLY=($(compgen -W \"${kind#words }\" -- \"$cur\")) ;;\n"
                + "    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
                + "    dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
                + "    package) COMPREPLY=($(compgen -W \"$(__hd_packages \"${COMP_WORDS[0]}\" \"$cdir\")\" -- \"$cur\")) ;;\n"
                + "    revision) COMPREPLY=($(compgen -W \"$(__hd_revisions \"$cdir\")\" -- \"$cur\")) ;;\n"
                + "    stack) compopt -o filenames 2>/dev/null\n"
                + "      COMPREPLY=($(compgen -d -- \"$cur\") $(compgen -W \"$(__hd_revisions \"$cdir\")\" -- \"$cur\")) ;;\n"
                + "    executable) COMPREPLY=($(compgen -c -- \"$cur\")) ;;\n"
                + "  esac\n"
                + "}\n\n"
                + "complete -F _hd hd\n";
    }

    /** The zsh script: put it in a directory of {@code $fpath} as {@code _hd}, or source it. */
    String zsh() {
        return "#compdef hd\n" + String.format(HEADER, "zsh")
                + "# Install: copy as _hd into a directory of $fpath (before compinit runs), or source it.\n\n"
                + tables() + "\n"
                + "_hd() {\n"
                + "  local cur=${words[CURRENT]}\n"
                + walk("${words[i]}", "2", "CURRENT")
                + "  local -a c\n"
                + "  case ${kind%% *} in\n"
                + "    words) c=(${=${kind#words }}); compadd -a c ;;\n"
                + "    file) _files ;;\n"
                + "    dir) _directories ;;\n"
                + "    package) c=(${(f)\"$(__hd_packages \"${words[1]}\" \"$cdir\")\"}); compadd -a c ;;\n"
                + "    revision) c=(${(f)\"$(__hd_revisions \"$cdir\")\"}); compadd -a c ;;\n"
                + "    stack) _directories; c=(${(f)\"$(__hd_revisions \"$cdir\")\"}); compadd -a c ;;\n"
                + "    executable) _command_names -e ;;\n"
                + "  esac\n"
                + "}\n\n"
                + "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
                + "  _hd \"$@\"\n"
                + "else\n"
                + "  compdef _hd hd\n"
                + "fi\n";
    }

    /** A word for a shell {@code case} pattern or {@code echo}: double-quoted. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`") + "\"";
    }
}
