// Speed anchor for the 2D projection: umap-js on the same L2-normalised vectors (its own kNN search included).
// Usage: node anchor_umap.mjs <vectors.f32> <dimension> <rows> <layout-out.f32>
import { readFileSync, writeFileSync } from 'node:fs';
import { UMAP } from 'umap-js';

const [path, dimText, rowsText, outPath] = process.argv.slice(2);
const dim = Number(dimText);
const bytes = readFileSync(path);
const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const rows = Math.min(Number(rowsText), all.length / dim);
const data = [];
for (let i = 0; i < rows; i++) data.push(Array.from(all.subarray(i * dim, (i + 1) * dim)));

let state = 42;
const random = () => {
  state = (state * 1664525 + 1013904223) % 4294967296;
  return state / 4294967296;
};

const start = process.hrtime.bigint();
const umap = new UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, random });
const embedding = umap.fit(data);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const out = new Float32Array(rows * 2);
embedding.forEach((p, i) => { out[2 * i] = p[0]; out[2 * i + 1] = p[1]; });
writeFileSync(outPath, Buffer.from(out.buffer));
console.log(`${seconds.toFixed(1)}`);
