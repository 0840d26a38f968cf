// The sweep's findings, filtered (kind, label, status, minimum score), sorted and paged by the API.
import { api } from './api.js';
import { kindColour } from './colours.js';
import { formatScore, h, replaceChildren } from './dom.js';
import { moreLikeThisButton } from './similar.js';

const pageSize = 50;

export function createFindingsList(container, { sweepId, summary, onPick, showProblem, moreLikeThis }) {
  if (summary.kinds.length === 0) {
    replaceChildren(container, h('p', { class: 'empty' }, 'No findings in this sweep.'));
    return { reload() {} };
  }

  const filters = { kind: '', label: '', status: 'open', minScore: '', sort: '-score' };
  let offset = 0;
  const choice = (name, options) => h('select', { name, onchange: (event) => { filters[name] = event.target.value; offset = 0; load(); } },
    options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text)));
  const form = h('form', { class: 'filters', onsubmit: (event) => event.preventDefault() },
    h('label', {}, 'Kind ', choice('kind', [['', 'any'], ...summary.kinds.map((k) => [k, k])])),
    h('label', {}, 'Label ', choice('label', [['', 'any'], ...summary.labels.map((l) => [l, l])])),
    h('label', {}, 'Status ', choice('status', [['open', 'open'], ['confirmed', 'confirmed'], ['dismissed', 'dismissed'], ['', 'any']])),
    h('label', {}, 'Min score ', h('input', {
      name: 'minScore', type: 'number', min: 0, max: 1, step: 0.05, placeholder: '0',
      onchange: (event) => { filters.minScore = event.target.value; offset = 0; load(); },
    })),
    h('label', {}, 'Sort ', choice('sort', [['-score', 'score, high first'], ['score', 'score, low first'], ['label', 'given label']])));
  const rows = h('tbody');
  const pager = h('div', { class: 'pager' });
  replaceChildren(container, form,
    h('table', { class: 'findings' },
      h('thead', {}, h('tr', {}, ['Score', 'Kind', 'Given → suggested', 'Item', 'Status', ...(moreLikeThis ? [''] : [])].map((t) => h('th', {}, t)))),
      rows),
    pager);

  async function load() {
    const query = new URLSearchParams({ sort: filters.sort, offset: String(offset), limit: String(pageSize) });
    for (const name of ['kind', 'label', 'status', 'minScore']) if (filters[name] !== '') query.set(name, filters[name]);
    try {
      const page = await api(`sweeps/${sweepId}/findings?${query}`);
      replaceChildren(rows, page.items.length === 0
        ? h('tr', {}, h('td', { colspan: moreLikeThis ? 6 : 5, class: 'empty' }, 'No findings match these filters.'))
        : page.items.map((finding) => row(finding)));
      replaceChildren(pager,
        h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - pageSize); load(); } }, 'Previous'),
        ` ${page.total === 0 ? 0 : offset + 1}–${offset + page.items.length} of ${page.total} `,
        h('button', { type: 'button', disabled: offset + page.items.length >= page.total, onclick: () => { offset += pageSize; load(); } }, 'Next'));
    } catch (problem) {
      showProblem(problem);
    }
  }

  function row(finding) {
    return h('tr', { class: 'finding-row', tabindex: 0, dataset: { findingKey: finding.key }, onclick: () => onPick([finding.key]),
      onkeydown: (event) => { if (event.key === 'Enter') onPick([finding.key]); } },
    h('td', {}, formatScore(finding.score)),
    h('td', {}, h('span', { class: 'kind', style: `--kind:${kindColour(finding.kind, summary.kinds.indexOf(finding.kind))}` }, finding.kind)),
    h('td', {}, finding.givenLabel, finding.suggestedLabel ? ` → ${finding.suggestedLabel}` : ''),
    h('td', { title: finding.reason }, finding.itemName),
    h('td', {}, finding.decision ? finding.decision.verdict : 'open'),
    moreLikeThis ? h('td', {}, moreLikeThisButton(finding.annotationKey, moreLikeThis)) : null);
  }

  load();
  return { reload: load };
}
