// Given label × suggested label over the sweep's mislabel findings; a cell click selects its findings.
import { api } from './api.js';
import { h, replaceChildren } from './dom.js';

export async function showConfusion(container, { sweepId, onPick, showProblem }) {
  replaceChildren(container, h('p', { class: 'muted' }, 'Loading…'));
  let confusion;
  try {
    confusion = await api(`sweeps/${sweepId}/confusion`);
  } catch (problem) {
    replaceChildren(container);
    showProblem(problem);
    return;
  }

  if (confusion.cells.length === 0) {
    replaceChildren(container, h('p', { class: 'empty' }, 'No mislabel findings in this sweep, so nothing is confused.'));
    return;
  }

  const given = [...new Set(confusion.cells.map((c) => c.given))].sort();
  const suggested = [...new Set(confusion.cells.map((c) => c.suggested))].sort();
  const cellOf = new Map(confusion.cells.map((c) => [`${c.given}\u0000${c.suggested}`, c]));
  const max = Math.max(...confusion.cells.map((c) => c.count));
  replaceChildren(container,
    h('p', { class: 'muted' }, 'Rows: given label. Columns: suggested label. Click a cell to select its findings.'),
    h('table', { class: 'confusion' },
      h('thead', {}, h('tr', {}, h('th', {}, 'given \\ suggested'), suggested.map((s) => h('th', { scope: 'col' }, s)))),
      h('tbody', {}, given.map((g) => h('tr', {}, h('th', { scope: 'row' }, g), suggested.map((s) => {
        const cell = cellOf.get(`${g}\u0000${s}`);
        if (!cell) return h('td', { class: 'zero' }, '');
        return h('td', {}, h('button', {
          type: 'button',
          class: 'cell',
          style: `--strength:${(0.2 + 0.8 * cell.count / max).toFixed(2)}`,
          title: `${cell.count} labelled ${g}, suggested ${s}`,
          dataset: { given: g, suggested: s },
          onclick: () => onPick(cell.findingKeys),
        }, String(cell.count)));
      }))))));
}
