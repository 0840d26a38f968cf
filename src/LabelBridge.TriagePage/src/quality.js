// The Annotators tab: per annotator and per job, how much was labelled, how much of it was flagged (per 100
// annotations), what reviewers decided, and the most frequent given → suggested confusions; worst first.
import { api } from './api.js';
import { h, replaceChildren } from './dom.js';

export function showQuality(container, { sweepId, showProblem }) {
  replaceChildren(container, h('p', { class: 'muted' }, 'Loading…'));
  api(`sweeps/${sweepId}/quality`).then((table) => {
    replaceChildren(container,
      h('p', { class: 'muted' }, 'Where findings concentrate: they say where to look, not who is wrong. Decisions are read live.'),
      qualityTable('Annotator', 'quality-annotators', table.annotators),
      qualityTable('Job', 'quality-jobs', table.jobs));
  }, (problem) => {
    replaceChildren(container);
    showProblem(problem);
  });
}

function qualityTable(title, className, rows) {
  if (rows.length === 0) return h('p', { class: 'empty' }, `No ${title.toLowerCase()}s in this sweep.`);
  const number = (value) => h('td', { class: 'number' }, String(value));
  return h('table', { class: `quality ${className}` },
    h('thead', {}, h('tr', {}, [title, 'Annotations', 'Findings', 'Per 100', 'Confirmed', 'Dismissed', 'Top confusions'].map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((row) => h('tr', { dataset: { name: row.name } },
      h('td', {}, row.name),
      number(row.annotations),
      number(row.findings),
      number(row.findingsPer100.toFixed(1)),
      number(row.confirmed),
      number(row.dismissed),
      h('td', {}, row.topConfusions.map((c) => `${c.given} → ${c.suggested} ×${c.count}`).join(', '))))));
}
