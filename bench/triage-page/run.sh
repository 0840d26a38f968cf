#!/usr/bin/env bash
# Frames per second of the triage page's plot at 100k and 200k points, in headless Debian Chromium (WebGL through
# SwiftShader, i.e. on the CPU), while the view zooms and pans. A synthetic finished sweep is written into a fresh
# SQLite store and served by the real web host; see tests/LabelBridge.Host.Tests/TriagePage/TriagePageFrameRate.cs.
# Extra arguments go to dotnet test (e.g. --no-build). Prints one table row per size: points | page ready | fps (in-page zoom/pan animation) | redraws/s (Playwright mouse) | the browser's own frame rate during the animation.
set -euo pipefail
cd "$(dirname "$0")/../.."
artifacts=tests/LabelBridge.Host.Tests/bin/Debug/net10.0/artifacts
rm -f "$artifacts/triage-fps.md"
dotnet test --project tests/LabelBridge.Host.Tests "$@" -- --filter-class "*TriagePageFrameRate" --explicit only >/dev/null
echo "| points | page ready | fps, in-page zoom/pan | redraws/s, mouse wheel + drag | browser frames/s (requestAnimationFrame) |"
echo "|---:|---:|---:|---:|---:|"
sort -t'|' -k2 -n "$artifacts/triage-fps.md"
