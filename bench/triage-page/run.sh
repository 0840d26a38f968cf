#!/usr/bin/env bash
# Frames per second of the triage page's plot at 1k, 100k, 200k and 1M points, in headless Debian Chromium (WebGL
# through SwiftShader, i.e. on the CPU), while the view zooms and pans, and where the first draw's time goes. A synthetic
# finished sweep is written into a fresh SQLite store and served by the real web host; see
# tests/LabelBridge.Host.Browser.Tests/TriagePageFrameRate.cs. Extra arguments go to dotnet test (e.g. --no-build).
# Prints two tables, one row per size: frame rates, then the first draw's stages.
set -euo pipefail
by_points() { awk -F'|' '{ key = $2; gsub(/[ ,]/, "", key); print key "\t" $0 }' "$1" | sort -n | cut -f2-; }
cd "$(dirname "$0")/../.."
artifacts=tests/LabelBridge.Host.Browser.Tests/bin/Release/net10.0/artifacts
rm -f "$artifacts/triage-fps.md" "$artifacts/triage-draw.md"
dotnet test --project tests/LabelBridge.Host.Browser.Tests -c Release "$@" -- --filter-class "*TriagePageFrameRate" --explicit only >/dev/null
echo "| points | page ready | fps, in-page zoom/pan | redraws/s, mouse wheel + drag | browser frames/s (requestAnimationFrame) |"
echo "|---:|---:|---:|---:|---:|"
by_points "$artifacts/triage-fps.md"
echo
echo "| points | page ready | /summary (server loads the sweep) | /points wait | /points transfer | /points body | JSON parse | decode + layout | plot created | first draw |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
by_points "$artifacts/triage-draw.md"
