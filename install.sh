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

# Class-data sharing: record the classes a typical run loads (resolving the example stack,
# a no-op status) into an archive the launcher maps at start-up.
tmpstore=$(mktemp -d)
trap 'rm -rf "$tmpstore"' EXIT
"$java" -XX:ArchiveClassesAtExit="$dest/hd.jsa.tmp" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m \
  -cp "$dest/hd-cli.jar" dev.hd.cli.Main --store "$tmpstore" resolve examples >/dev/null 2>&1 \
  && mv -f "$dest/hd.jsa.tmp" "$dest/hd.jsa" \
  || { rm -f "$dest/hd.jsa.tmp"; echo "install.sh: note: no class-data-sharing archive (start-up will be slower)" >&2; }

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
