package dev.hd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hd.builder.BuildReasons;
import dev.hd.builder.ProfileId;
import dev.hd.builder.Profiles;
import dev.hd.builder.RefMap;
import dev.hd.builder.ResolutionCache;
import dev.hd.builder.Store;
import dev.hd.gitstore.StackRepo;
import dev.hd.gitstore.WorkingTreeDiff;
import dev.hd.hooks.StaleMarker;
import dev.hd.resolver.HdException;
import dev.hd.resolver.ResolvedPackage;
import dev.hd.resolver.ResolvedStack;
import dev.hd.resolver.Resolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hd status}: where a stack stands — its repository, branch and commit; the active
 * profile and the commit it was built from; whether a hook marked it stale; how the working
 * tree differs from that commit; and which packages {@code hd build} would build. Nothing is
 * built or written.
 */
@Command(name = "status",
        description = {"Show where a stack stands: its commit, its profile, and what hd build would build.",
                "The repository, branch and commit; the active profile and the commit it was built from; whether a hook"
                        + " marked it stale; how the working tree differs from that commit; which packages would build, and why."},
        footer = {"", "Examples:", "  hd status", "  hd status examples --json | jq .would_build"})
final class StatusCommand implements Callable<Integer> {
    private static final int MAX_LISTED = 20;

    @ParentCommand
    Main main;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The stack directory (default: the current one).")
    Path dir;

    @Option(names = "--json", description = "Print a JSON document instead.")
    boolean json;

    /** A package hd build would build, and why. */
    record Pending(String name, String version, String id, String reason) {
    }

    /** Everything status reports; absent parts are null. */
    record Report(Path stack, Path top, String stackDir, String branch, String head, String subject, Path link,
            ProfileId profile, String builtFrom, String builtFromRef, StaleMarker.Stale stale, String comparedWith,
            List<WorkingTreeDiff.Change> changes, List<Pending> wouldBuild, Boolean profileWouldChange, String resolveError,
            List<UpstreamStatus.Item> upstream) {
    }

    @Override
    public Integer call() throws HdException {
        Report r = report();
        if (json) {
            main.ctx().out().println(Json.write(json(r)));
        } else {
            text(r, main.ctx().out());
        }
        return Main.OK;
    }

    private Report report() throws HdException {
        Path d = main.cwd().resolve(dir == null ? Path.of(".") : dir).toAbsolutePath().normalize();
        Store store = new Store(main.storeRoot());
        if (!Files.isDirectory(d)) {
            throw new HdException("no stack directory " + d, "give the directory holding stack.yaml");
        }
        if (!Files.isRegularFile(d.resolve("stack.yaml"))) {
            Path top = StackTarget.topLevel(d);
            List<String> known = top == null ? List.of() : new RefMap(store).stacks(top.toString());
            throw new HdException("no stack.yaml in " + d, known.isEmpty() ? "run hd status in the stack's directory (or use -C DIR)"
                    : "stacks hd built in " + top + ": " + String.join(", ", known.stream().map(k -> k.isEmpty() ? "." : k).toList()));
        }
        try (StackTarget target = StackTarget.of(main, d.toString(), null)) {
            Path link = d.resolve(".hd/profile");
            Profiles profiles = new Profiles(store);
            Optional<ProfileId> active = profiles.current(link);
            Optional<StaleMarker.Stale> stale = StaleMarker.read(link);
            Path top = target.topLevel();
            String stackDir = null;
            String branch = null;
            String head = null;
            String subject = null;
            String builtFrom = null;
            String builtFromRef = null;
            String comparedWith = null;
            List<WorkingTreeDiff.Change> changes = null;
            if (top != null) {
                StackRepo repo = target.repo();
                stackDir = target.stackDir();
                branch = repo.branch().orElse(null);
                head = repo.head().orElse(null);
                subject = head == null ? null : repo.subject(head);
                if (active.isPresent()) {
                    String[] from = builtFrom(new RefMap(store), top.toString(), stackDir, head, active.get());
                    builtFrom = from[0];
                    builtFromRef = from[1];
                }
                comparedWith = builtFrom != null ? builtFrom : head;
                if (comparedWith != null && repo.treeId(comparedWith, stackDir).isPresent()) {
                    changes = repo.diffWorkingTree(comparedWith, stackDir);
                }
            }
            List<Pending> pending = new ArrayList<>();
            Boolean wouldChange = null;
            String error = null;
            // develop mode and floating git sources (docs/upstream.md); develop packages are listed even unresolved
            Upstream upstream = new Upstream(main, target.dir());
            List<UpstreamStatus.Item> upstreamItems = new ArrayList<>();
            UpstreamStatus.develop(main, target.dir()).forEach((pkg, path) ->
                    upstreamItems.add(new UpstreamStatus.Item(pkg, "develop", "develop mode, from " + path)));
            try {
                StackBuild sb = new StackBuild(main, target, Map.of(), 1, false);
                Optional<ResolutionCache.Entry> hit = sb.cached();
                ProfileId now;
                if (hit.isPresent()) {
                    now = hit.get().profile();
                } else {
                    StackBuild.RESOLUTIONS.incrementAndGet();
                    ResolvedStack rs = Resolver.resolve(target.source(), upstream.apply(Platform.options(main)));
                    upstreamItems.clear();
                    upstreamItems.addAll(UpstreamStatus.of(main, upstream, rs));
                    BuildReasons reasons = new BuildReasons(store, StackBuild.previousArtifacts(profiles, active));
                    for (ResolvedPackage p : rs.packages()) {
                        if (!Files.exists(store.artifactMarker(p.name(), p.id()))) {
                            pending.add(new Pending(p.name(), p.version(), p.id().value(), reasons.why(p)));
                        }
                    }
                    now = profiles.id(rs);
                }
                wouldChange = active.map(a -> !a.equals(now)).orElse(true);
            } catch (HdException e) {
                error = e.getMessage();
            }
            return new Report(d, top, stackDir, branch, head, subject, link, active.orElse(null), builtFrom, builtFromRef,
                    stale.orElse(null), comparedWith, changes, pending, wouldChange, error, upstreamItems);
        }
    }

    /** The commit (and ref) the profile was built from: HEAD's when HEAD's entry names it, else the newest log line naming it. */
    private static String[] builtFrom(RefMap refs, String top, String stackDir, String head, ProfileId pid) throws HdException {
        if (head != null && refs.profileOf(top, stackDir, head).equals(Optional.of(pid))) {
            List<RefMap.LogEntry> log = log(refs, top, stackDir);
            String ref = null;
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).commit().equals(head) && log.get(i).profile().equals(pid)) {
                    ref = log.get(i).ref();
                    break;
                }
            }
            return new String[] {head, ref};
        }
        List<RefMap.LogEntry> log = log(refs, top, stackDir);
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).profile().equals(pid)) {
                return new String[] {log.get(i).commit(), log.get(i).ref()};
            }
        }
        return new String[] {null, null};
    }

    private static List<RefMap.LogEntry> log(RefMap refs, String top, String stackDir) throws HdException {
        try {
            return refs.log(top, stackDir);
        } catch (IOException e) {
            throw new HdException("cannot read the ref map of " + top + ": " + e.getMessage(), null);
        }
    }

    private static String shortId(String commit) {
        return commit == null ? null : commit.substring(0, Math.min(12, commit.length()));
    }

    private void text(Report r, PrintWriter out) {
        Store store = new Store(main.storeRoot());
        out.println("Stack:    " + r.stack() + (r.top() == null ? " (not in a git repository)"
                : r.stackDir().isEmpty() ? "" : " (" + r.stackDir() + " in " + r.top() + ")"));
        if (r.top() != null) {
            out.println("On:       " + (r.head() == null ? "no commit yet" : (r.branch() != null ? "branch " + r.branch()
                    : "detached HEAD") + " at " + shortId(r.head()) + " " + r.subject()));
        }
        if (r.profile() == null) {
            out.println("Profile:  none at " + r.link() + " (run hd build)");
        } else {
            out.println("Profile:  " + r.profile().shortForm() + " (" + r.link() + " -> " + store.profile(r.profile()) + ")");
            if (r.top() != null) {
                out.println("Built:    " + (r.builtFrom() == null ? "from no recorded commit (a working tree with changes, or k=v overrides)"
                        : "from " + shortId(r.builtFrom()) + (r.builtFrom().equals(r.head()) ? " (HEAD)" : "")
                                + (r.builtFromRef() == null || r.builtFromRef().equals("HEAD") ? "" : " for " + r.builtFromRef())));
            }
        }
        if (r.stale() != null) {
            out.println("Stale:    HEAD moved to " + shortId(r.stale().commit()) + ", which is not built; the profile is"
                    + " an earlier one. Build it: " + r.stale().buildCommand());
        }
        if (r.changes() != null) {
            String vs = shortId(r.comparedWith()) + (r.comparedWith().equals(r.builtFrom()) ? " (the profile's commit)" : " (HEAD)");
            if (r.changes().isEmpty()) {
                out.println("Files:    the working tree matches " + vs);
            } else {
                out.println("Files:    the working tree differs from " + vs + ":");
                for (int i = 0; i < Math.min(MAX_LISTED, r.changes().size()); i++) {
                    out.println("            " + r.changes().get(i));
                }
                if (r.changes().size() > MAX_LISTED) {
                    out.println("            ... and " + (r.changes().size() - MAX_LISTED) + " more");
                }
            }
        }
        for (int i = 0; i < r.upstream().size(); i++) {
            out.println((i == 0 ? "Upstream: " : "          ") + r.upstream().get(i).line());
        }
        if (r.resolveError() != null) {
            out.println("Build:    cannot tell, the stack does not resolve: " + r.resolveError());
        } else if (r.wouldBuild().isEmpty()) {
            out.println("Build:    nothing to build" + (Boolean.TRUE.equals(r.profileWouldChange())
                    ? "; hd build would switch the profile" : "; the profile is up to date"));
        } else {
            out.println("Build:    hd build would build " + r.wouldBuild().size() + " package" + (r.wouldBuild().size() == 1 ? "" : "s") + ":");
            for (Pending p : r.wouldBuild()) {
                out.println("            " + p.name() + (p.version().isEmpty() ? "" : "-" + p.version()) + " " + p.id().substring(0, 12)
                        + " (" + p.reason() + ")");
            }
        }
    }

    private ObjectNode json(Report r) {
        Store store = new Store(main.storeRoot());
        ObjectNode doc = Json.document();
        doc.put("stack", r.stack().toString());
        if (r.top() == null) {
            doc.putNull("repo");
        } else {
            ObjectNode repo = doc.putObject("repo");
            repo.put("top", r.top().toString());
            repo.put("stack_dir", r.stackDir());
            repo.put("branch", r.branch());
            repo.put("head", r.head());
            repo.put("subject", r.subject());
        }
        doc.put("link", r.link().toString());
        if (r.profile() == null) {
            doc.putNull("profile");
        } else {
            ObjectNode p = doc.putObject("profile");
            p.put("id", r.profile().value());
            p.put("path", store.profile(r.profile()).toString());
            p.put("built_from", r.builtFrom());
            p.put("built_for_ref", r.builtFromRef());
        }
        if (r.stale() == null) {
            doc.putNull("stale");
        } else {
            ObjectNode s = doc.putObject("stale");
            s.put("commit", r.stale().commit());
            s.put("ref", r.stale().ref());
            s.put("since", r.stale().epochSeconds());
            s.put("build", r.stale().buildCommand());
        }
        if (r.changes() == null) {
            doc.putNull("working_tree");
        } else {
            ObjectNode w = doc.putObject("working_tree");
            w.put("compared_with", r.comparedWith());
            w.put("differs", !r.changes().isEmpty());
            ArrayNode cs = w.putArray("changes");
            for (WorkingTreeDiff.Change c : r.changes()) {
                cs.addObject().put("status", String.valueOf(c.kind().letter())).put("path", c.path());
            }
        }
        ArrayNode wb = doc.putArray("would_build");
        for (Pending p : r.wouldBuild()) {
            wb.addObject().put("name", p.name()).put("version", p.version()).put("id", p.id()).put("reason", p.reason());
        }
        if (r.profileWouldChange() == null) {
            doc.putNull("profile_would_change");
        } else {
            doc.put("profile_would_change", r.profileWouldChange());
        }
        doc.put("resolve_error", r.resolveError());
        UpstreamStatus.toJson(r.upstream(), doc.putArray("upstream"));
        return doc;
    }
}
