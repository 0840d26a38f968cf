// The embedding plot: every annotation a point (regl-scatterplot, WebGL), coloured by given label, finding kind or
// score, flagged points larger and drawn last; legend toggles and population layers filter what is drawn.
import createScatterplot, { createRenderer } from 'regl-scatterplot';
import { flagValue, kindPalette, labelColours, scaleSteps, scoreColour, scorePalette, sizeScale, unflaggedColour } from './colours.js';
import { formatScore, h, replaceChildren } from './dom.js';


export function createPlot(container, points, { thumbnailOf, onSelect, onHover }) {
  const canvas = h('canvas', { class: 'plot-canvas', 'aria-label': 'Embedding plot' });
  const tooltip = h('div', { class: 'tooltip', hidden: true });
  const regionLabels = points.regions.length > 1
    ? points.regions.map((region) => h('span', { class: 'region-label', style: `left:${((region.left + 1) / 2) * 100}%` }, region.population === 'image-labels' ? 'Image-level labels' : 'Objects'))
    : [];
  replaceChildren(container, canvas, tooltip, ...regionLabels);

  // Smaller points (and, past 150k, squares without blending) keep zooming smooth where WebGL runs on the CPU.
  const basePointSize = points.count > 50_000 ? 2 : points.count > 5_000 ? 3 : 6;
  const state = { colourBy: 'label', hiddenLabels: new Set(), hiddenKinds: new Set(), hiddenPopulations: new Set(), filtered: null };
  // regl-scatterplot's shared renderer is as large as the window and draws through a float framebuffer; one sized to
  // the plot draws a third of the pixels per frame, which is most of a frame where WebGL runs on the CPU.
  const renderer = createRenderer({ canvas: document.createElement('canvas') });
  const fitRenderer = () => {
    const { width, height } = canvas.getBoundingClientRect();
    renderer.resize(Math.max(1, Math.ceil(width)), Math.max(1, Math.ceil(height)));
  };
  fitRenderer();
  const scatterplot = createScatterplot({
    renderer,
    canvas,
    width: 'auto',
    height: 'auto',
    performanceMode: points.count > 150_000,
    pointSize: sizeScale(basePointSize),
    sizeBy: 'valueB',
    pointSizeSelected: 3,
    pointOutlineWidth: 2,
    opacity: 0.9,
    opacityInactiveScale: 0.5,
    backgroundColor: '#14161b',
    pointColorActive: '#ffffff',
    lassoColor: '#6cb6ff',
    lassoMinDelay: 0,
    lassoMinDist: 2,
    lassoInitiator: false,
    deselectOnEscape: true,
    deselectOnDblClick: true,
  });

  const rendererFit = new ResizeObserver(() => { fitRenderer(); scatterplot.redraw(); });
  rendererFit.observe(canvas);

  const flags = new Float32Array(points.count);
  for (let i = 0; i < points.count; i++) flags[i] = flagValue(points.kind[i] >= 0, points.score[i]);
  const order = drawOrder(points);

  function categories() {
    const values = new Float32Array(points.count);
    if (state.colourBy === 'kind') for (let i = 0; i < points.count; i++) values[i] = points.kind[i] + 1;
    else if (state.colourBy === 'label') values.set(points.label);
    return values;
  }

  function palette() {
    if (state.colourBy === 'kind') return kindPalette(points.kinds);
    if (state.colourBy === 'score') return scorePalette();
    return labelColours(points.labels.length);
  }

  let spatialIndex;
  async function draw() {
    scatterplot.set({ colorBy: state.colourBy === 'score' ? 'valueB' : 'valueA', pointColor: palette() });
    await scatterplot.draw(
      { x: points.x, y: points.y, z: categories(), w: flags },
      { zDataType: 'categorical', wDataType: 'continuous', spatialIndex, preventFilterReset: true },
    );
    spatialIndex ??= scatterplot.get('spatialIndex');
    scatterplot.set({ pointOrder: order });
    applyFilter();
  }

  function isVisible(i) {
    return !state.hiddenLabels.has(points.label[i])
      && !(points.kind[i] >= 0 ? state.hiddenKinds.has(points.kind[i]) : state.hiddenKinds.has(-1))
      && !state.hiddenPopulations.has(points.population[i]);
  }

  function applyFilter() {
    if (state.hiddenLabels.size === 0 && state.hiddenKinds.size === 0 && state.hiddenPopulations.size === 0) {
      state.filtered = null;
      scatterplot.unfilter({ preventEvent: true });
      return;
    }

    const visible = [];
    for (let i = 0; i < points.count; i++) if (isVisible(i)) visible.push(i);
    state.filtered = new Set(visible);
    scatterplot.filter(visible, { preventEvent: true });
  }

  scatterplot.subscribe('select', ({ points: selected }) => onSelect(Array.from(selected)));
  scatterplot.subscribe('deselect', () => onSelect([]));
  scatterplot.subscribe('pointOver', (index) => showTooltip(index));
  scatterplot.subscribe('pointOut', () => { tooltip.hidden = true; });
  scatterplot.subscribe('view', () => { tooltip.hidden = true; });

  let hoverToken = 0;
  function showTooltip(index) {
    const token = ++hoverToken;
    const [x, y] = scatterplot.getScreenPosition(index) ?? [0, 0];
    const kindIndex = points.kind[index];
    const details = h('div', { class: 'tooltip-details' },
      h('div', {}, h('strong', {}, points.labels[points.label[index]]), ' (given)'),
      kindIndex >= 0 ? h('div', {}, `${points.kinds[kindIndex]} · score ${formatScore(points.score[index])}`) : h('div', { class: 'muted' }, 'no finding'),
      h('div', { class: 'suggested' }));
    replaceChildren(tooltip, thumbnailOf(points.annotationKeys[index], 'tooltip-thumb'), details);
    tooltip.style.left = `${Math.min(x + 12, container.clientWidth - 220)}px`;
    tooltip.style.top = `${Math.min(y + 12, container.clientHeight - 120)}px`;
    tooltip.hidden = false;
    if (kindIndex >= 0 && onHover) {
      onHover(index).then((view) => {
        const suggested = view?.finding?.suggestedLabel;
        if (token === hoverToken && suggested) details.querySelector('.suggested').textContent = `suggested: ${suggested}`;
      }, () => {});
    }
  }

  return {
    scatterplot,
    state,
    ready: draw(),
    async setColourBy(mode) { state.colourBy = mode; await draw(); },
    toggleLabel(index) { toggle(state.hiddenLabels, index); applyFilter(); },
    toggleKind(index) { toggle(state.hiddenKinds, index); applyFilter(); },
    togglePopulation(index) { toggle(state.hiddenPopulations, index); applyFilter(); },
    setMouseMode(mode) {
      if (mode === 'box') scatterplot.set({ mouseMode: 'lasso', lassoType: 'rectangle' });
      else if (mode === 'lasso') scatterplot.set({ mouseMode: 'lasso', lassoType: 'freeform' });
      else scatterplot.set({ mouseMode: 'panZoom' });
    },
    select(indices) {
      if (indices.length === 0) scatterplot.deselect();
      else scatterplot.select(indices);
    },
    resetView() { scatterplot.zoomToOrigin({ transition: true }); },
    /** Where a point is drawn, in page (client) coordinates; for tests and for pointing at things. */
    screenPositionOf(index) {
      const position = scatterplot.getScreenPosition(index);
      if (!position) return null;
      const box = canvas.getBoundingClientRect();
      return { x: box.left + position[0], y: box.top + position[1] };
    },
    /** What the plot currently draws for a point: the colour from the live colour map, and whether it is shown. */
    styleOf(index) {
      const colours = [].concat(scatterplot.get('pointColor'));
      const colourBy = scatterplot.get('colorBy');
      const slot = colourBy === 'valueB'
        ? Math.round(flags[index] * (scaleSteps - 1))
        : (state.colourBy === 'kind' ? points.kind[index] + 1 : points.label[index]);
      const visibleSet = scatterplot.get('filteredPoints');
      const visible = state.filtered === null || visibleSet.includes(index);
      return { colour: toHex(colours[Math.min(slot, colours.length - 1)]), visible, flagged: points.kind[index] >= 0 };
    },
    destroy() { rendererFit.disconnect(); scatterplot.destroy(); renderer.destroy(); },
  };
}

/** Unflagged first, then flagged by ascending score, so the most suspicious points end up on top. */
function drawOrder(points) {
  const unflagged = [];
  const flagged = [];
  for (let i = 0; i < points.count; i++) (points.kind[i] >= 0 ? flagged : unflagged).push(i);
  flagged.sort((a, b) => points.score[a] - points.score[b]);
  return unflagged.concat(flagged);
}

function toggle(set, value) {
  if (set.has(value)) set.delete(value);
  else set.add(value);
}

function toHex(colour) {
  if (typeof colour === 'string') return colour.toLowerCase();
  const [r, g, b] = colour;
  const scale = Math.max(r, g, b) <= 1 ? 255 : 1;
  return `#${[r, g, b].map((c) => Math.round(c * scale).toString(16).padStart(2, '0')).join('')}`;
}

export { unflaggedColour, scoreColour };
