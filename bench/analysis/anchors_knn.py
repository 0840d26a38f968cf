"""Speed anchors for the kNN graph: faiss exact (inner product) and hnswlib, on the same L2-normalised vectors.

Usage: python3 anchors_knn.py faiss|hnswlib <vectors.f32> <dimension> <k> <exact_ids.i32 | sample table .sample-k10.i32>
Prints one markdown row per tool; recall is measured against our exact graph (ids written by the C# bench).
"""
import sys
import time

import faiss
import hnswlib
import numpy as np

tool, path, dim, k, exact_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
x = np.fromfile(path, dtype=np.float32).reshape(-1, dim)
n = x.shape[0]
name = path.rsplit("/", 1)[-1]
# <vectors>.exact-k10.i32 holds the exact graph (n × k); <vectors>.sample-k10.i32 (the 1M set) holds rows of
# [row, k exact ids] for a seeded sample of rows.
if ".sample-" in exact_path:
    table = np.fromfile(exact_path, dtype=np.int32).reshape(-1, k + 1)
    rows, exact = table[:, 0], table[:, 1:]
else:
    rows, exact = np.arange(n), np.fromfile(exact_path, dtype=np.int32).reshape(n, k)


def recall(ids):
    hits = sum(len(set(a) & set(b)) for a, b in zip(ids[rows], exact))
    return hits / exact.size


def without_self(ids):
    out = np.full((n, k), -1, dtype=np.int64)
    for i in rows:
        row = [j for j in ids[i] if j != i][:k]
        out[i, :len(row)] = row
    return out


if tool == "faiss":
    start = time.perf_counter()
    index = faiss.IndexFlatIP(dim)
    index.add(x)
    _, ids = index.search(x, k + 1)
    seconds = time.perf_counter() - start
    print(f"| kNN graph k={k} | {name} | faiss {faiss.__version__} IndexFlatIP (exact, OpenBLAS, {faiss.omp_get_max_threads()} threads) | {seconds:.1f} s | recall {recall(without_self(ids)):.4f} |", flush=True)

if tool == "hnswlib":
    start = time.perf_counter()
    index = hnswlib.Index(space="ip", dim=dim)
    index.init_index(max_elements=n, M=16, ef_construction=100, random_seed=42)
    index.add_items(x, num_threads=-1)
    index.set_ef(64)
    ids, _ = index.knn_query(x, k=k + 1, num_threads=-1)
    seconds = time.perf_counter() - start
    print(f"| kNN graph k={k} | {name} | hnswlib 0.6.2 M=16 efC=100 ef=64 (build + query) | {seconds:.1f} s | recall {recall(without_self(ids)):.4f} |", flush=True)
