#!/bin/sh
# hd-hook 1: written by 'hd hooks install'. 'hd hooks uninstall' removes it and puts back the
# hook it chains (@HOOK@.hd-chained), byte for byte. Re-run 'hd hooks install' to change it.
#
# When git moves HEAD (checkout, switch, pull/merge, rebase, commit --amend), this points the
# profile link of every stack hd built in this repository at the profile built for the new
# HEAD, without starting hd: a lookup in the store's tree map (docs/git.md). When that
# revision is not built, it keeps the current profile, marks it stale and prints the command
# that builds it (or, installed with --build, runs that build). It never fails the git
# command: it exits with the status of the hook it chains, or 0.
hd_hook=@HOOK@
hd_store=@STORE@
hd_cmd=@HD@
hd_context=@CONTEXT@
hd_build=@BUILD@
hd_known_top=@TOP@
hd_known_key=@REPOKEY@

hd_status=0
if [ -x "$0.hd-chained" ]; then
  "$0.hd-chained" "$@"
  hd_status=$?
elif [ "$hd_hook" = post-rewrite ]; then
  cat >/dev/null 2>&1 # git writes the rewritten commits to the hook's input
fi

hd_sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi
}

hd_prefix() { # $1 without a spawned cut: its first 12 characters
  hd_p=${1%"${1#????????????}"}
}

hd_quote() {
  case $1 in
    *[!A-Za-z0-9_./:=@%+-]*) printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf %s "$1" ;;
  esac
}

hd_mark_stale() { # $1: why, $2: the command that builds it
  { echo "hd-stale 1"; echo "commit $hd_commit"; echo "ref $hd_ref"; echo "since $(date +%s)"
    echo "build $2"; } >"$hd_link.stale.tmp-$$" 2>/dev/null \
    && mv -f "$hd_link.stale.tmp-$$" "$hd_link.stale" 2>/dev/null
  hd_rm "$hd_link.stale.tmp-$$"
  echo "hd: $hd_label: $1; keeping the current profile (marked stale). Build it: $2" >&2
}

hd_rm() { # rm -f, started only when there is something to remove (each process costs)
  if [ -e "$1" ] || [ -L "$1" ]; then rm -f "$1"; fi
}

hd_relink() { # $1: the new target; a new link renamed over the old one, as hd does
  hd_rm "$hd_tmp"
  ln -s "$1" "$hd_tmp" 2>/dev/null \
    && { mv -T "$hd_tmp" "$hd_link" 2>/dev/null || mv -h "$hd_tmp" "$hd_link" 2>/dev/null; }
  hd_ok=$?
  hd_rm "$hd_tmp"
  return $hd_ok
}

hd_switch() { # point $hd_link at $hd_target and record the generation
  if [ "$hd_link" -ef "$hd_target" ]; then
    hd_rm "$hd_link.stale"
    return 0
  fi
  hd_cur=$(readlink "$hd_link" 2>/dev/null)
  hd_tmp=$hd_dir/.hd/.profile.tmp-$$
  if ! hd_relink "$hd_target"; then
    echo "hd: $hd_label: cannot switch the link to $hd_target; the profile was left as it was" >&2
    return 0
  fi
  if [ ! -f "$hd_target/.hd-profile.json" ] && [ -n "$hd_cur" ] && [ -d "$hd_cur" ]; then
    hd_relink "$hd_cur" # removed meanwhile (hd gc): back to the profile the link named
    echo "hd: $hd_label: the profile of $hd_short vanished while switching; the profile was left as it was" >&2
    return 0
  fi
  hd_rm "$hd_link.stale"
  # the generation, in the log hd's own switches append to: <store>/generations/<key>.log, the key being
  # the first 32 hex digits of the SHA-256 of the link's real path
  hd_real=$hd_dir/.hd
  cd -P "$hd_real" 2>/dev/null && hd_real=$PWD
  cd "$hd_top" || return 0
  # the key is kept next to the link with the path it is of: one sha256sum per place, not per switch
  hd_key= hd_kpath=
  [ -f "$hd_dir/.hd/.generation-key" ] && { IFS= read -r hd_kpath && IFS= read -r hd_key; } <"$hd_dir/.hd/.generation-key"
  if [ "$hd_kpath" != "$hd_real/profile" ] || [ ${#hd_key} -ne 32 ]; then
    hd_key=$(printf %s "$hd_real/profile" | hd_sha256)
    hd_key=${hd_key%"${hd_key#????????????????????????????????}"}
    printf '%s\n%s\n' "$hd_real/profile" "$hd_key" >"$hd_dir/.hd/.generation-key" 2>/dev/null
  fi
  [ -d "$hd_store/generations" ] || mkdir -p "$hd_store/generations"
  printf '%s %s %s\n' "$(date +%s)" "$hd_pid" "rev $hd_ref $hd_commit" >>"$hd_store/generations/$hd_key.log"
  touch -c "$hd_target" 2>/dev/null # the profile's last activation, as hd's own switches set it (gc --older-than)
  hd_prefix "$hd_pid"
  echo "hd: $hd_label -> profile $hd_p (built for $hd_short)" >&2
}

hd_where() { # $1: the stack's directory in the repository ("." for the top)
  if [ "$1" = . ]; then
    hd_dir=$hd_top hd_spec="HEAD^{tree}" hd_label=.hd/profile
  else
    hd_dir=$hd_top/$1 hd_spec="HEAD:$1" hd_label=$1/.hd/profile
  fi
  hd_link=$hd_dir/.hd/profile
}

hd_stack() { # $1: the stack's directory; $hd_tree: its tree at HEAD, when known
  hd_where "$1"
  [ -n "$hd_tree" ] || hd_tree=$(git rev-parse -q --verify "$hd_spec" 2>/dev/null) || hd_tree=
  if [ -z "$hd_tree" ]; then
    hd_build_cmd="hd build $(hd_quote "$hd_dir")"
    hd_mark_stale "$hd_short has no stack in $1" "$hd_build_cmd"
    return 0
  fi
  hd_pid=
  hd_why="$hd_short is not built"
  if [ -f "$hd_dir/.hd/develop.json" ]; then
    # packages in develop mode (hd develop): the tree alone does not say which profile it is
    hd_why="$hd_short has packages in develop mode"
  else
    hd_entry=$hd_store/refs/trees/$hd_context/$hd_tree
    [ -f "$hd_entry" ] && IFS= read -r hd_pid <"$hd_entry"
  fi
  hd_target=$hd_store/profiles/$hd_pid
  if [ -n "$hd_pid" ] && [ -f "$hd_target/.hd-profile.json" ]; then
    hd_switch
    return 0
  fi
  hd_build_cmd="hd build $(hd_quote "$hd_dir")"
  if [ "$hd_build" = 1 ]; then
    echo "hd: $hd_label: $hd_why; building it: $hd_build_cmd" >&2
    hd_exe=$hd_cmd
    [ -x "$hd_exe" ] || hd_exe=$(command -v hd 2>/dev/null) || hd_exe=
    if [ -z "$hd_exe" ]; then
      hd_mark_stale "cannot run hd ($hd_cmd is missing, and no hd is on PATH)" "$hd_build_cmd"
    elif HD_STORE=$hd_store "$hd_exe" build "$hd_dir" </dev/null; then
      return 0
    else
      hd_mark_stale "the build of $hd_short failed (see above)" "$hd_build_cmd"
    fi
    return 0
  fi
  hd_mark_stale "$hd_why" "$hd_build_cmd"
}

hd_main() {
  case ${HD_HOOKS:-1} in 0 | off | no | false) return 0 ;; esac
  # a checkout of files (git checkout -- FILE) moves no HEAD
  [ "$hd_hook" = post-checkout ] && [ "$3" != 1 ] && return 0
  [ -n "$HD_STORE" ] && hd_store=$HD_STORE
  case $hd_store in /*) ;; *) hd_store=$PWD/$hd_store ;; esac
  cd -P . && hd_top=$PWD || return 0 # git runs hooks at the top of the working tree
  if [ "$hd_top" = "$hd_known_top" ]; then
    hd_repo=$hd_known_key
  else # another working tree sharing these hooks (git worktree, core.hooksPath)
    hd_repo=$(printf %s "$hd_top" | hd_sha256)
    hd_repo=${hd_repo%"${hd_repo#????????????????}"}
  fi
  hd_refs=$hd_store/refs/$hd_repo
  [ -d "$hd_refs/stacks" ] || return 0 # hd never built a stack of this repository
  # the stacks hd built here that have a profile link
  hd_nl='
'
  hd_rels=
  hd_n=0
  set --
  for hd_f in "$hd_refs"/stacks/*/dir; do
    [ -f "$hd_f" ] && IFS= read -r hd_rel <"$hd_f" || continue
    hd_where "$hd_rel"
    [ -L "$hd_link" ] || continue
    hd_rels=$hd_rels$hd_rel$hd_nl
    hd_n=$((hd_n + 1))
    set -- "$@" "$hd_spec"
  done
  [ -n "$hd_rels" ] || return 0
  # one git for HEAD, every stack's tree and the branch: starting git is most of the hook's cost
  hd_out=$(git rev-parse HEAD "$@" --symbolic-full-name HEAD 2>/dev/null) || hd_out=
  set -f
  IFS=$hd_nl
  # shellcheck disable=SC2086
  set -- $hd_out
  unset IFS
  set +f
  if [ $# -eq $((hd_n + 2)) ]; then
    hd_commit=$1
    shift
    eval "hd_ref=\${$#}"
  else # a stack that is not in this commit: ask for each on its own
    hd_commit=$(git rev-parse -q --verify HEAD) || return 0
    hd_ref=$(git symbolic-ref -q HEAD) || hd_ref=HEAD
    set --
  fi
  hd_prefix "$hd_commit"
  hd_short=$hd_p
  set -f
  IFS=$hd_nl
  for hd_rel in $hd_rels; do
    unset IFS
    set +f
    hd_tree=
    if [ $# -gt 1 ]; then
      hd_tree=$1
      shift
    fi
    hd_stack "$hd_rel"
  done
  unset IFS
  set +f
  return 0
}

hd_main "$@" </dev/null || true
exit "$hd_status"
