#!/usr/bin/env bash
# Write-back at scale: 500 CVAT issues and 500 Label Studio predictions written by the real connectors against the
# emulators on loopback, with no added server time and with a per-request server time (--latency-ms), 3 repeats each.
# BASELINE=<dir of another build's LabelBridge.Bench.WriteBack.dll> runs that build too, interleaved pass by pass
# with this one, so both see the same load.
# Usage: bench/writeback/run.sh [--markers 500] [--repeats 3] [--max-concurrent 4]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release -m:1 -nologo -clp:ErrorsOnly bench/LabelBridge.Bench.WriteBack
current=bench/LabelBridge.Bench.WriteBack/bin/Release/net10.0/LabelBridge.Bench.WriteBack.dll
uptime
for latency in 0 20; do
  for repeat in 1 2 3; do
    if [ -n "${BASELINE:-}" ]; then
      dotnet "$BASELINE/LabelBridge.Bench.WriteBack.dll" --repeats 1 --latency-ms "$latency" --label baseline "$@" | grep -v '^#'
    fi
    dotnet "$current" --repeats 1 --latency-ms "$latency" --label current "$@" | grep -v '^#'
  done
done
uptime
