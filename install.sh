#!/usr/bin/env bash
# Builds hd and installs it under $PREFIX (default ~/.local): the launcher in bin/,
# the jars and a class-data-sharing archive in lib/hd/, man pages and shell completion.
# Usage: ./install.sh [--prefix DIR] [--skip-build]
set -euo pipefail
cd "$(dirname "$0")"
prefix=${PREFIX:-$HOME/.local}
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --skip-build) build=0; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
java=${HD_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}

if [ $build = 1 ]; then
  echo "Building hd (mvn package, tests skipped; run 'mvn verify' for the test suite)..."
  mvn -B -q -DskipTests package
fi
jar=$(ls cli/target/hd-cli-*.jar | grep -v -e sources -e tests | head -n 1)
[ -f "$jar" ] || { echo "install.sh: no cli/target/hd-cli-*.jar; build failed?" >&2; exit 1; }

dest=$prefix/lib/hd
mkdir -p "$prefix/bin" "$prefix/lib"
# Stage the new version beside the old one and swap directories, so a running hd never
# sees a half-copied install.
rm -rf "$dest.new" "$dest.old"
mkdir -p "$dest.new/lib"
cp "$jar" "$dest.new/hd-cli.jar"
cp cli/target/lib/*.jar "$dest.new/lib/"
[ -d "$dest" ] && mv "$dest" "$dest.old"
mv "$dest.new" "$dest"
rm -rf "$dest.old"

install -m 0755 cli/src/main/dist/hd "$prefix/bin/hd.tmp"
mv -f "$prefix/bin/hd.tmp" "$prefix/bin/hd"

# Class-data sharing: a static AppCDS archive of the classes typical runs load (a cold build,
# a cached no-op build, resolve, env of a tiny trivial stack), mapped by the launcher at
# start-up. Static rather than dynamic (-XX:ArchiveClassesAtExit): JDK 17's dynamic archive
# cannot hold picocli's Java 5 class files (a third of the start-up) and crashes on some
# lambdas. (JGit's classes stay out either way: its jar is signed.)
jvm_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m) # as the launcher's
train=$(mktemp -d)
trap 'chmod -R u+w "$train" 2>/dev/null; rm -rf "$train"' EXIT
mkdir -p "$train/stack/pkgs"
printf 'packages:\n  b:\n' > "$train/stack/stack.yaml"
printf "version: '1'\nbuild_stages:\n  - name: install\n    bash: echo a > \"\$ARTIFACT/a.txt\"\n" > "$train/stack/pkgs/a.yaml"
printf "version: '1'\ndependencies: {build: [a], run: [a]}\nbuild_stages:\n  - name: install\n    bash: echo b > \"\$ARTIFACT/b.txt\"\n" \
  > "$train/stack/pkgs/b.yaml"
sleep 2.1 # the resolution cache takes no files younger than 2 s: then the second build is a cached no-op
i=0
for cmd in build build resolve env; do
  i=$((i + 1))
  "$java" -XX:DumpLoadedClassList="$train/$i.classlist" "${jvm_flags[@]}" -cp "$dest/hd-cli.jar" dev.hd.cli.Main \
    --store "$train/store" "$cmd" "$train/stack" > "$train/$i.out" 2>&1 || true
done
rm -f "$dest/hd.jsa"
if cat "$train"/*.classlist 2>/dev/null | awk '!seen[$0]++' > "$dest/hd.classlist" \
    && "$java" -Xshare:dump -XX:SharedClassListFile="$dest/hd.classlist" -XX:SharedArchiveFile="$dest/hd.jsa.tmp" \
      "${jvm_flags[@]}" -cp "$dest/hd-cli.jar" > "$train/dump.log" 2>&1 \
    && "$java" -Xshare:on -XX:SharedArchiveFile="$dest/hd.jsa.tmp" "${jvm_flags[@]}" -cp "$dest/hd-cli.jar" \
      dev.hd.cli.Main --version > /dev/null 2>&1; then
  mv -f "$dest/hd.jsa.tmp" "$dest/hd.jsa"
else
  rm -f "$dest/hd.jsa.tmp"
  echo "install.sh: note: no class-data-sharing archive (start-up will be slower); see $dest/cds.log" >&2
  cp "$train/dump.log" "$dest/cds.log" 2>/dev/null || true
fi

# Man pages and completion, when the build produced them.
if [ -d cli/target/man ]; then
  mkdir -p "$prefix/share/man/man1"
  cp cli/target/man/*.1 "$prefix/share/man/man1/" 2>/dev/null || true
fi
if [ -f cli/target/completion/hd.bash ]; then
  mkdir -p "$prefix/share/bash-completion/completions"
  cp cli/target/completion/hd.bash "$prefix/share/bash-completion/completions/hd"
fi
if [ -f cli/target/completion/_hd ]; then
  mkdir -p "$prefix/share/zsh/site-functions"
  cp cli/target/completion/_hd "$prefix/share/zsh/site-functions/_hd"
fi

echo "Installed hd to $prefix/bin/hd"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Note: $prefix/bin is not on your PATH; add it: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
