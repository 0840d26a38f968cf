// The selection as a grid of patch cards (POST selection, paged), with the bulk actions on the whole selection.
import { api } from './api.js';
import { annotationCard, outcomeText } from './card.js';
import { h, replaceChildren } from './dom.js';

const pageSize = 60;
const findingsPageSize = 500;

export function createSelectionGrid(container, { sweepId, points, platform, decide, relabel, showProblem, moreLikeThis }) {
  let annotationKeys = [];
  let findingKeys = [];
  let loaded = 0;
  let generation = 0;

  const heading = h('div', { class: 'grid-heading' });
  const bulkStatus = h('div', { class: 'bulk-status', role: 'status' });
  const dismissAll = h('button', { type: 'button', class: 'bulk-dismiss', onclick: () => bulkDecide('Dismissed') }, 'Dismiss selection');
  const confirmAll = h('button', { type: 'button', class: 'bulk-confirm', onclick: () => bulkDecide('Confirmed') }, 'Confirm selection');
  const tagAll = h('button', { type: 'button', class: 'bulk-tag', onclick: () => bulkTag() }, 'Tag selection needs-review');
  const cards = h('div', { class: 'cards' });
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => loadPage() }, 'Show more');
  replaceChildren(container, h('div', { class: 'grid-bar' }, heading, dismissAll, confirmAll, tagAll), bulkStatus, cards, more);
  render();

  function render() {
    const count = annotationKeys.length;
    heading.textContent = count === 0
      ? 'Select points in the plot (lasso or box), a confusion cell or a finding to see their patches here.'
      : `${count} selected · ${findingKeys.length} with findings`;
    dismissAll.disabled = findingKeys.length === 0;
    confirmAll.disabled = findingKeys.length === 0;
    tagAll.disabled = count === 0;
  }

  async function loadPage() {
    const mine = generation;
    more.disabled = true;
    try {
      const page = await api(`sweeps/${sweepId}/selection`, { method: 'POST', body: { annotationKeys, offset: loaded, limit: pageSize } });
      if (mine !== generation) return;
      cards.append(...page.items.map((view) => annotationCard(view, { platform, kinds: points.kinds, decide, moreLikeThis, relabel })));
      loaded += page.items.length;
      more.hidden = loaded >= page.total;
      more.textContent = `Show more (${page.total - loaded} left)`;
    } catch (problem) {
      if (mine === generation) showProblem(problem);
    } finally {
      more.disabled = false;
    }
  }

  async function bulkDecide(verdict) {
    dismissAll.disabled = true;
    confirmAll.disabled = true;
    bulkStatus.textContent = `${verdict === 'Dismissed' ? 'Dismissing' : 'Confirming'} the open findings of the selection…`;
    let keys;
    try {
      keys = await openFindingsOf(new Set(annotationKeys));
    } catch (problem) {
      bulkStatus.textContent = '';
      showProblem(problem);
      render();
      return;
    }

    const results = keys.length ? await decide(keys, verdict, false) : [];
    bulkStatus.textContent = results ? summarise(results.map((r) => r.outcome)) : '';
    if (results) await refresh();
  }

  /** Every open finding on the selected annotations (an annotation can carry more than the one the plot shows). */
  async function openFindingsOf(selected) {
    const keys = [];
    for (let offset = 0; ; offset += findingsPageSize) {
      const page = await api(`sweeps/${sweepId}/findings?status=open&offset=${offset}&limit=${findingsPageSize}`);
      keys.push(...page.items.filter((finding) => selected.has(finding.annotationKey)).map((finding) => finding.key));
      if (offset + page.items.length >= page.total || page.items.length === 0) return keys;
    }
  }

  async function bulkTag() {
    tagAll.disabled = true;
    bulkStatus.textContent = `Tagging ${annotationKeys.length} annotations needs-review…`;
    try {
      const answer = await api(`sweeps/${sweepId}/needs-review`, { method: 'POST', body: { annotationKeys } });
      const failures = answer.results.filter((r) => r.outcome === 'failed' || r.outcome === 'not-found');
      bulkStatus.textContent = summarise(answer.results.map((r) => r.outcome))
        + (failures.length ? ` — ${failures.slice(0, 3).map(outcomeText).join('; ')}` : '');
    } catch (problem) {
      bulkStatus.textContent = '';
      showProblem(problem);
    } finally {
      render();
    }
  }

  async function refresh() {
    generation++;
    loaded = 0;
    cards.replaceChildren();
    more.hidden = true;
    render();
    if (annotationKeys.length > 0) await loadPage();
  }

  return {
    /** @param indices point indices from the plot */
    async show(indices) {
      annotationKeys = indices.map((i) => points.annotationKeys[i]);
      findingKeys = indices.map((i) => points.findingKeys[i]).filter((key) => key);
      bulkStatus.textContent = '';
      await refresh();
    },
    get annotationKeys() { return annotationKeys; },
  };
}

function summarise(outcomes) {
  const counts = new Map();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'nothing to do';
}
