// Decodes GET /api/sweeps/{id}/points (columnar, base64 little-endian arrays) and lays each population out in its own
// square of the plot: the populations are separate projections, so their coordinates are not comparable.

function bytesOf(base64) {
  const binary = atob(base64 ?? '');
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function column(base64, ArrayType, count, name) {
  const values = new ArrayType(bytesOf(base64));
  if (values.length !== count) {
    throw new Error(`The points payload is inconsistent: ${name} has ${values.length} values for ${count} points.`);
  }

  return values;
}

export function decodePoints(payload, summary) {
  const count = payload.count;
  const points = {
    count,
    labels: payload.labels,
    kinds: summary.kinds ?? [],
    populations: summary.populations ?? [],
    rawX: column(payload.x, Float32Array, count, 'x'),
    rawY: column(payload.y, Float32Array, count, 'y'),
    label: column(payload.label, Uint16Array, count, 'label'),
    kind: column(payload.kind, Int8Array, count, 'kind'),
    score: column(payload.score, Float32Array, count, 'score'),
    population: column(payload.population, Uint8Array, count, 'population'),
    annotationKeys: payload.annotationKeys,
    findingKeys: payload.findingKeys,
  };
  points.indexOfAnnotation = new Map(points.annotationKeys.map((key, i) => [key, i]));
  points.indexOfFinding = new Map();
  points.findingKeys.forEach((key, i) => { if (key) points.indexOfFinding.set(key, i); });
  layOut(points);
  return points;
}

/** Fits each population into its own square, side by side, keeping each projection's aspect ratio. */
function layOut(points) {
  const populationCount = Math.max(1, points.populations.length);
  const gap = populationCount > 1 ? 0.06 : 0;
  const width = (2 - gap * (populationCount - 1)) / populationCount;
  points.x = new Float32Array(points.count);
  points.y = new Float32Array(points.count);
  points.regions = [];
  for (let p = 0; p < populationCount; p++) {
    let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity;
    for (let i = 0; i < points.count; i++) {
      if (points.population[i] !== p && populationCount > 1) continue;
      minX = Math.min(minX, points.rawX[i]); maxX = Math.max(maxX, points.rawX[i]);
      minY = Math.min(minY, points.rawY[i]); maxY = Math.max(maxY, points.rawY[i]);
    }

    const left = -1 + p * (width + gap);
    const centreX = left + width / 2;
    points.regions.push({ population: points.populations[p] ?? 'objects', left, right: left + width });
    if (minX === Infinity) continue;
    const span = Math.max(maxX - minX, maxY - minY) || 1;
    const scale = (0.92 * Math.min(width, 2)) / span;
    const midX = (minX + maxX) / 2;
    const midY = (minY + maxY) / 2;
    for (let i = 0; i < points.count; i++) {
      if (points.population[i] !== p && populationCount > 1) continue;
      points.x[i] = centreX + (points.rawX[i] - midX) * scale;
      points.y[i] = (points.rawY[i] - midY) * scale;
    }
  }
}
