#!/usr/bin/env bash
# Replaces echarts.min.js (and its licence files) with the given version of
# the npm package "echarts", fetched with npm pack, and records it in
# VERSION. Usage, from anywhere:
#
#     bash charts/echarts/refresh.sh 5.4.3
#
# Then run go test ./charts -update (the golden option files do not change
# with the library, but the page tests check it) and read the ECharts
# release notes for option changes.
set -euo pipefail
version=${1:?usage: refresh.sh VERSION (such as 5.4.3)}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "echarts@$version" >/dev/null)
tar -xzf "$work/echarts-$version.tgz" -C "$work"
pkg=$work/package
got=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1)
if [ "$got" != "$version" ]; then
  echo "refresh.sh: npm gave echarts $got, not $version" >&2
  exit 1
fi
# The pages inline the library in a <script> element; these would end it
# early or change how the browser reads it.
if grep -qiE '</script|<!--' "$pkg/dist/echarts.min.js"; then
  echo "refresh.sh: echarts.min.js $version contains </script or <!--; it cannot be inlined as it is" >&2
  exit 1
fi
cp "$pkg/dist/echarts.min.js" "$here/echarts.min.js"
cp "$pkg/LICENSE" "$here/LICENSE"
cp "$pkg/NOTICE" "$here/NOTICE"
if [ -f "$pkg/licenses/LICENSE-d3" ]; then
  cp "$pkg/licenses/LICENSE-d3" "$here/LICENSE-d3"
fi
sum=$(sha256sum "$here/echarts.min.js" | cut -d' ' -f1)
printf '%s\n' "$version" >"$here/VERSION"
echo "echarts $version: echarts.min.js sha256 $sum"
