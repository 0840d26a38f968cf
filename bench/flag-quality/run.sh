#!/usr/bin/env bash
# Flag quality end to end: generated CVAT projects (garments on shelves, icons on photos) with planted mislabels,
# conflicting duplicates and junk, swept with write-back by the real worker per embedder; precision and recall of
# the markers written. Appends a "### <label>" block to "## Flag quality end to end" in bench/RESULTS.md.
# Usage: bench/flag-quality/run.sh [--quick] [--label "before (main abc1234)"] [--domains garments,icons]
#        [--embedders pixel,mobilenet_v2_mid,auto] (also nanodet, centernet-mobilenetv3, pixel+nanodet: installed first)
set -euo pipefail
cd "$(dirname "$0")/../.."

for needed in /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz /usr/lib/python3/dist-packages/skimage/data/astronaut.png; do
  if [ ! -f "$needed" ]; then
    echo "missing $needed: apt-get install dataset-fashion-mnist python3-skimage" >&2
    exit 1
  fi
done

if [ ! -f bench/embeddings/node_modules/emoji-datasource-google/emoji.json ]; then
  (cd bench/embeddings && npm ci --no-audit --no-fund)
fi

dotnet build -c Release src/LabelBridge.Host -v quiet -nologo -clp:ErrorsOnly
dotnet src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll models install-default --model-dir .models
# Other installable models named in --embedders (alone or as pixel+<name>) are installed too; `auto` then considers
# every model in .models, so its rows depend on what is installed there (the results block lists it).
embedders="pixel,mobilenet_v2_mid,auto"
previous=""
for argument in "$@"; do
  if [ "$previous" = "--embedders" ]; then embedders="$argument"; fi
  previous="$argument"
done
for name in $(echo "$embedders" | tr ',+' '\n\n' | sort -u); do
  case "$name" in
    pixel|auto|mobilenet_v2_mid|default-model) ;;
    *) dotnet src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll models install "$name" --model-dir .models ;;
  esac
done
dotnet run -c Release --project bench/LabelBridge.Bench.FlagQuality -- \
  --worker src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll \
  --model-dir .models \
  --results bench/RESULTS.md \
  --command "bench/flag-quality/run.sh $*" \
  "$@"
