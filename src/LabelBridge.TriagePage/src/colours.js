// Colours of the plot and its legend. Kinds keep one colour everywhere (plot, legend, cards).

const labelPalette = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#aec7e8', '#98df8a', '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d', '#9edae5', '#ffbb78', '#17becf',
];

export const unflaggedColour = '#5b6270';

const kindColours = {
  Mislabel: '#ff4d4f',
  Outlier: '#ffb020',
  DuplicateConflict: '#c77dff',
  Geometry: '#29c5f6',
};
const spareKindColours = ['#7ee081', '#ff7ac6', '#f5f5f5'];

export function labelColours(count) {
  return Array.from({ length: Math.max(count, 1) }, (_, i) => labelPalette[i % labelPalette.length]);
}

export function kindColour(kind, index) {
  return kindColours[kind] ?? spareKindColours[index % spareKindColours.length];
}

/** Index 0 = no finding, then one colour per kind in summary.kinds order. */
export function kindPalette(kinds) {
  return [unflaggedColour, ...kinds.map((kind, i) => kindColour(kind, i))];
}

export const scaleSteps = 100;
const flaggedFloor = 0.15;
const unflaggedBelow = 0.1;

/** The continuous value a point carries: 0 without a finding, above the grey band with one. */
export function flagValue(hasFinding, score) {
  return hasFinding ? flaggedFloor + (1 - flaggedFloor) * Math.min(1, Math.max(0, score)) : 0;
}

/** Continuous palette over flagValue: grey for no finding, then yellow to red by score. */
export function scorePalette() {
  return Array.from({ length: scaleSteps }, (_, i) => {
    const t = i / (scaleSteps - 1);
    if (t < unflaggedBelow) return unflaggedColour;
    return scoreColour((t - flaggedFloor) / (1 - flaggedFloor));
  });
}

/** Yellow (low) to red (high) through orange. */
export function scoreColour(score) {
  const s = Math.min(1, Math.max(0, score));
  const from = [255, 230, 90];
  const to = [220, 20, 60];
  const channel = (a, b) => Math.round(a + (b - a) * s).toString(16).padStart(2, '0');
  return `#${channel(from[0], to[0])}${channel(from[1], to[1])}${channel(from[2], to[2])}`;
}

export function sizeScale(baseSize) {
  return Array.from({ length: scaleSteps }, (_, i) => (i / (scaleSteps - 1) < unflaggedBelow ? baseSize : baseSize * 2));
}
