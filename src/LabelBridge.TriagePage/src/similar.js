// "More like this" (issue 17): the patches of the sweep most similar to one patch (GET similar: cosine over the
// sweep's stored vectors), made the plot's selection together with the patch itself, so the selection grid's bulk
// actions (dismiss, confirm, needs-review) apply to the whole group. "Select all at or above similarity s" asks the
// API for every patch at or above s (up to its cap) instead of the k most similar.
import { api } from './api.js';
import { h, replaceChildren } from './dom.js';

export const defaultCount = 20;
const maxCount = 1000;

/**
 * @param container where the bar is drawn (hidden until asked)
 * @param select (indices) => makes them the plot's selection (which shows them in the grid)
 */
export function createSimilarBar(container, { sweepId, points, select, showProblem }) {
  let query = null;
  let expected = null;
  let generation = 0;

  const title = h('div', { class: 'similar-title' });
  const countInput = h('input', {
    type: 'number', name: 'similar-k', min: 1, max: maxCount, step: 1, value: defaultCount,
    onchange: () => load({ k: clamp(Number.parseInt(countInput.value, 10) || defaultCount, 1, maxCount) }),
  });
  const range = h('input', {
    type: 'range', name: 'similar-floor-range', min: 0, max: 1, step: 0.001, 'aria-label': 'Similarity slider',
    oninput: () => { floorInput.value = range.value; },
    onchange: () => load({ floor: Number(range.value) }),
  });
  const floorInput = h('input', {
    type: 'number', name: 'similar-floor', min: -1, max: 1, step: 0.01, 'aria-label': 'Select all at or above similarity',
    onchange: () => {
      const floor = Number(floorInput.value);
      if (Number.isFinite(floor) && floor >= -1 && floor <= 1) load({ floor });
    },
  });
  const status = h('div', { class: 'similar-status', role: 'status' });
  const close = h('button', { type: 'button', class: 'similar-close', onclick: () => hide() }, 'Close');
  replaceChildren(container,
    h('div', { class: 'similar-head' }, title, close),
    h('div', { class: 'similar-controls' },
      h('label', {}, 'Most similar ', countInput),
      h('label', { class: 'similar-floor' }, 'or all with similarity ≥ ', range, floorInput)),
    status);
  container.hidden = true;
  // Reading a large sweep's vectors back takes seconds: start it now, so the first "more like this" answers at once.
  // A sweep whose vectors cannot be read says why when a reviewer asks, not here.
  hook().warm = api(`sweeps/${sweepId}/similar/warm`, { method: 'POST', body: {} }).then(() => 'ready', (problem) => problem.message);

  function hide() {
    generation++;
    query = null;
    expected = null;
    container.hidden = true;
  }

  async function load({ k, floor }) {
    if (query === null) return;
    const mine = ++generation;
    const parameters = new URLSearchParams({ annotation: query });
    if (floor === undefined) parameters.set('k', String(k ?? defaultCount));
    else {
      parameters.set('k', String(maxCount));
      parameters.set('minSimilarity', String(floor));
    }

    status.textContent = 'Searching…';
    let answer;
    try {
      answer = await api(`sweeps/${sweepId}/similar?${parameters}`);
    } catch (problem) {
      if (mine !== generation) return;
      status.textContent = '';
      showProblem(problem);
      return;
    }

    if (mine !== generation) return;
    const similarities = answer.items.map((item) => item.similarity);
    const lowest = similarities.length ? similarities[similarities.length - 1] : 1;
    const shownFloor = floor ?? lowest;
    range.value = String(Math.max(0, shownFloor));
    floorInput.value = shownFloor.toFixed(3);
    const indices = [points.indexOfAnnotation.get(query), ...answer.items.map((item) => points.indexOfAnnotation.get(item.annotationKey))]
      .filter((index) => index !== undefined);
    status.textContent = describe(answer, floor) + methodText(answer);
    container.dataset.count = String(answer.items.length);
    container.dataset.floor = String(shownFloor);
    expected = new Set(indices);
    hook().items = answer.items.map((item) => ({ annotationKey: item.annotationKey, similarity: item.similarity }));
    select(indices);
  }

  function describe(answer, floor) {
    const n = answer.items.length;
    if (n === 0) return floor === undefined ? 'No other patch of this population has a vector.' : `No patch has similarity ≥ ${floor}.`;
    const span = `similarity ${answer.items[0].similarity.toFixed(3)} to ${answer.items[n - 1].similarity.toFixed(3)}`;
    if (floor === undefined) return `Selected this patch and its ${n} most similar (${span}).`;
    return `Selected this patch and all ${n} with similarity ≥ ${floor}${n >= maxCount ? ` (the first ${maxCount}; raise the floor to see fewer)` : ''} (${span}).`;
  }

  function methodText(answer) {
    const searched = `${answer.method} search over ${answer.searched.toLocaleString('en')} ${answer.population === 'image-labels' ? 'image-level labels' : 'patches'}`;
    return ` ${searched}${answer.missingVectors ? `; ${answer.missingVectors} annotations have no vector` : ''}.`;
  }

  return {
    /** Asks for the patches most similar to one annotation and selects them. */
    async show(annotationKey) {
      query = annotationKey;
      const index = points.indexOfAnnotation.get(annotationKey);
      const label = index === undefined ? '' : ` (given ${points.labels[points.label[index]]})`;
      replaceChildren(title, 'More like ', h('code', {}, annotationKey), label);
      container.hidden = false;
      hook().query = annotationKey;
      await load({ k: clamp(Number.parseInt(countInput.value, 10) || defaultCount, 1, maxCount) });
    },
    /** Called with every new plot selection: a selection the reviewer made by hand ends "more like this". */
    noticeSelection(indices) {
      if (expected === null) return;
      if (indices.length === 0 || indices.some((index) => !expected.has(index))) hide();
    },
  };
}

/** Right-click on a plot point asks for more like it. */
export function attachToPlot(plot, area, onPick) {
  let hovered = null;
  plot.scatterplot.subscribe('pointOver', (index) => { hovered = index; });
  plot.scatterplot.subscribe('pointOut', () => { hovered = null; });
  area.addEventListener('contextmenu', (event) => {
    if (hovered === null) return;
    event.preventDefault();
    onPick(hovered);
  });
}

/** A "More like this" button for a card or a findings row. */
export function moreLikeThisButton(annotationKey, onPick) {
  return h('button', {
    type: 'button', class: 'more-like-this', title: 'Select the patches most similar to this one',
    onclick: (event) => { event.stopPropagation(); onPick(annotationKey); },
  }, 'More like this');
}

function hook() {
  window.labelBridge.similar ??= {};
  return window.labelBridge.similar;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}
