#!/usr/bin/env bash
# Analysis benches: flag quality on Fashion-MNIST with injected noise, then speed side by side with the anchors
# (faiss, hnswlib, umap-js) on the same vectors. Prints markdown tables; peak memory is each process's max RSS.
#   bench/analysis/run.sh [quality|speed|umap|ann|all]   (ann = approximate kNN vs hnswlib at 70k and 1M; not in all)   UMAPJS_ROWS=10000 (umap-js subsample)  UMAPJS_FULL=1 (also 70k)
#   umap = only the UMAP rows of the speed table (needs out/fmnist-784.f32 from an earlier `speed` run, or prepares it);
#   UMAP_SIZES="10000 70000" (our sizes), UMAP_BASELINE=<LabelBridge.Bench.Analysis.dll of an earlier build> adds its rows.
#   MODEL_EMBEDDINGS=<N×D float32 file> adds the default model's rows to the quality table; `embed` writes that file:
#   MODEL_DIR=<dir with mobilenet_v2_mid.onnx + manifest> run.sh embed   (QUALITY_ROWS=<n> for a stratified subset)
#   REUSE_EXACT=1 skips re-timing the 784-d exact graph when its ids are already in out/.
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-all}"
out=out
mkdir -p "$out"

python="${PYTHON:-/usr/bin/python3}"   # the Debian python3 that sees python3-faiss / python3-hnswlib
if ! "$python" -c 'import faiss, hnswlib' 2>/dev/null; then
  apt-get install -y python3-faiss python3-hnswlib python3-pynndescent >/dev/null
fi
[ -d node_modules/umap-js ] || npm ci --silent

# Debian's faiss links the reference (netlib) BLAS, whose sgemm makes exact search tens of times slower than a
# normal install; give faiss OpenBLAS for this process only (unpacked under out/, the system BLAS is untouched).
openblas="$out/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ ! -f "$openblas/libblas.so.3" ]; then
  (cd "$out" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg -x libopenblas0-pthread_*.deb openblas)
fi
faiss_env=(env LD_LIBRARY_PATH="$openblas")

dotnet build -c Release ../LabelBridge.Bench.Analysis >/dev/null
bench=(dotnet ../LabelBridge.Bench.Analysis/bin/Release/net10.0/LabelBridge.Bench.Analysis.dll)

# Runs a command that prints one table row ending in "|", and appends the process's peak RSS and CPU time (user +
# system: on a shared machine the CPU a tool used says more than its wall time).
measure() {
  local log; log=$(mktemp)
  local row; row=$(/usr/bin/time -f '%M %U %S' -o "$log" "$@" | tail -n 1)
  echo "${row} $(resources "$log")"
  rm -f "$log"
}

resources() {
  tail -n 1 "$1" | awk '{ printf "%d MB | %.1f s |", $1 / 1024, $2 + $3 }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$what" = quality ] || [ "$what" = all ]; then
  echo
  echo "## Quality"
  "${bench[@]}" quality "$out"
fi

if [ "$what" = embed ]; then
  "${bench[@]}" embed "$out" "${MODEL_DIR:-$out/models}" mobilenet_v2_mid "$out/model-${QUALITY_ROWS:-70000}.f32"
fi

if [ "$what" = speed ] || [ "$what" = umap ] || [ "$what" = all ]; then
  echo
  echo "## Speed"
  echo "| task | data | tool | time | quality | peak RSS | CPU time |"
  echo "|---|---|---|---|---|---|---|"
  if [ "$what" != umap ] || [ ! -f "$out/fmnist-784.f32" ]; then
    measure "${bench[@]}" prepare "$out"
  fi
fi

if [ "$what" = speed ] || [ "$what" = all ]; then
  for set in 784 pca64; do
    dim=$([ "$set" = 784 ] && echo 784 || echo 64)
    vectors="$out/fmnist-$set.f32"
    if [ "${REUSE_EXACT:-0}" = 1 ] && [ -f "$vectors.exact-k10.i32" ] && [ "$set" = 784 ]; then
      echo "| kNN graph k=10 | fmnist-$set.f32 | LabelBridge exact: reused from an earlier run (REUSE_EXACT=1) | | | |"
    else
      measure "${bench[@]}" exact "$out" "$vectors" "$dim" 10
    fi
    measure "${faiss_env[@]}" "$python" anchors_knn.py faiss "$vectors" "$dim" 10 "$vectors.exact-k10.i32"
    measure "${bench[@]}" hnsw "$out" "$vectors" "$dim" 10
    measure "$python" anchors_knn.py hnswlib "$vectors" "$dim" 10 "$vectors.exact-k10.i32"
  done
fi

# Approximate kNN side by side: ours and hnswlib (M 16, efConstruction 100, ef 64) alternated, ANN_REPEATS times, on
# PCA-64 Fashion-MNIST 70k (recall against the full exact graph) and on 1M 64-d rows (70k originals + 930k seeded
# augmentations under the same PCA; recall against the exact neighbours of 5,000 sampled rows). ANN_SETS="70k 1m".
if [ "$what" = ann ]; then
  echo
  echo "## Approximate kNN"
  echo "| task | data | tool | time | quality | peak RSS | CPU time |"
  echo "|---|---|---|---|---|---|---|"
  [ -f "$out/fmnist-pca64.f32" ] || measure "${bench[@]}" prepare "$out"
  [ -f "$out/fmnist-pca64.f32.exact-k10.i32" ] || measure "${bench[@]}" exact "$out" "$out/fmnist-pca64.f32" 64 10
  for set in ${ANN_SETS:-70k 1m}; do
    if [ "$set" = 1m ]; then
      vectors="$out/augmented-1m-pca64.f32"; truth="$vectors.sample-k10.i32"
      [ -f "$vectors" ] || "${bench[@]}" prepare-1m "$out" >&2
      [ -f "$truth" ] || "${bench[@]}" exact-sample "$out" "$vectors" 64 10 5000 >&2
    else
      vectors="$out/fmnist-pca64.f32"; truth="$vectors.exact-k10.i32"
    fi
    for repeat in $(seq "${ANN_REPEATS:-2}"); do
      echo "| load average $(cut -d' ' -f1-3 /proc/loadavg), $set repeat $repeat | | | | | | |"
      measure "${bench[@]}" hnsw "$out" "$vectors" 64 10
      measure "$python" anchors_knn.py hnswlib "$vectors" 64 10 "$truth"
    done
  done
fi

if [ "$what" = speed ] || [ "$what" = umap ] || [ "$what" = all ]; then
  rows="${UMAPJS_ROWS:-10000}"
  sizes="${UMAP_SIZES:-$rows 70000}"
  [ "${UMAPJS_FULL:-0}" = 1 ] && js_sizes="$rows 70000" || js_sizes="$rows"
  for n in $sizes; do
    echo "| load average $(cut -d' ' -f1-3 /proc/loadavg) | | | | | | |"
    measure "${bench[@]}" umap "$out" "$out/fmnist-784.f32" "$n" "$out/umap-labelbridge-$n.f32"
    if [ -n "${UMAP_BASELINE:-}" ]; then
      measure dotnet "$UMAP_BASELINE" umap "$out" "$out/fmnist-784.f32" "$n" "$out/umap-baseline-$n.f32" | sed 's/| LabelBridge /| LabelBridge, earlier build /'
    fi
  done
  for n in $js_sizes; do
    log=$(mktemp)
    echo "| load average $(cut -d' ' -f1-3 /proc/loadavg) | | | | | | |"
    seconds=$(/usr/bin/time -f '%M %U %S' -o "$log" node --max-old-space-size=12288 anchor_umap.mjs "$out/fmnist-784.f32" 784 "$n" "$out/umap-js-$n.f32")
    row=$("${bench[@]}" trust "$out" "$out/fmnist-784.f32" "$out/umap-js-$n.f32" "umap-js 1.4 (nNeighbors 15, own NN-descent)" "$seconds" | tail -n 1)
    echo "${row} $(resources "$log")"
    rm -f "$log"
  done
fi
