#!/usr/bin/env bash
# Sweeps at scale: a synthetic 100k-annotation CVAT project swept by the real worker, per store, cold and cached,
# and (with --cluster-workers) by 1, 2... `serve` workers sharing one PostgreSQL. Rewrites the "## Sweeps at scale"
# section of bench/RESULTS.md with this run's rows.
# Usage: bench/sweeps/run.sh [--annotations N] [--stores sqlite,postgres] [--cluster-workers 1,2 (cold: a fresh database; cached: the cold pass's)] [--embedder auto|pixel|...]
#   [--passes cold,cached] [--work DIR (keep the stores there)] [--port P (fixed emulator port: a later run with the same
#   --work and --port finds every embedding cached)] [--max-findings N (the project's MaxFindingsPerSweep)]
# Each row also prints how many findings sit on a planted mislabel, and the analysis' time per part.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${LABELBRIDGE_TEST_POSTGRES:-}" ]; then
  eval "$(scripts/postgres-test-server.sh | tail -n 1)"
fi

dotnet build -c Release src/LabelBridge.Host -v quiet -nologo
dotnet run -c Release --project bench/LabelBridge.Bench.Sweeps -- \
  --worker src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll \
  --results bench/RESULTS.md \
  --command "bench/sweeps/run.sh $*" \
  "$@"
