#!/usr/bin/env bash
# Embeddings benchmarks: the embedder choice across domains and pipeline vs bare ONNX Runtime throughput.
# Writes the "## Embeddings" section of bench/RESULTS.md. Usage: bench/embeddings/run.sh [all|choice|throughput] [--sizes 128]
# (int8 [--calibration-patches 1024] [--percentile 99.99], pipeline [--batch 32] [--model NAME] [--repeats 5], parts: print
# their section to copy by hand)
# [--candidates pixel,mobilenet_v2_mid,nanodet] (a narrowed run; its section replaces the whole one, so merge by hand)
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:-all}"
shift || true

for needed in /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz /usr/lib/python3/dist-packages/skimage/data/astronaut.png; do
  if [ ! -f "$needed" ]; then
    echo "missing $needed: apt-get install dataset-fashion-mnist python3-skimage" >&2
    exit 1
  fi
done

if [ ! -f bench/embeddings/node_modules/emoji-datasource-google/emoji.json ]; then
  (cd bench/embeddings && npm ci --no-audit --no-fund)
fi

dotnet run -c Release --project bench/LabelBridge.Bench.Embeddings -- "$what" \
  --emoji bench/embeddings/node_modules/emoji-datasource-google \
  --fashion /usr/share/datasets/fashion-mnist \
  --photos /usr/lib/python3/dist-packages/skimage/data \
  --results bench/RESULTS.md \
  --command "bench/embeddings/run.sh $what $*" "$@"
