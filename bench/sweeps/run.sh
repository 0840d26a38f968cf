#!/usr/bin/env bash
# Sweeps at scale: a synthetic 100k-annotation CVAT project swept by the real worker, per store, cold and cached.
# Writes the "## Sweeps at scale" section of bench/RESULTS.md.
# Usage: bench/sweeps/run.sh [--annotations N] [--stores sqlite,postgres] [--embedder auto|pixel|...]
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ ",${*}," == *postgres* || "$*" != *--stores* ]] && [ -z "${LABELBRIDGE_TEST_POSTGRES:-}" ]; then
  eval "$(scripts/postgres-test-server.sh | tail -n 1)"
fi

dotnet build -c Release src/LabelBridge.Host -v quiet -nologo
dotnet run -c Release --project bench/LabelBridge.Bench.Sweeps -- \
  --worker src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll \
  --results bench/RESULTS.md \
  --command "bench/sweeps/run.sh $*" \
  "$@"
