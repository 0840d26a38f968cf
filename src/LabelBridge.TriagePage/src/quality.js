// The Annotators tab: per annotator and per job, how much was labelled, how much of it was flagged (per 100
// annotations), what reviewers decided, and the most frequent given → suggested confusions; worst first. The trend
// column shows findings per 100 in the project's last finished sweeps (oldest first) as a sparkline and figures.
import { api } from './api.js';
import { h, replaceChildren } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';

export function showQuality(container, { sweepId, project, showProblem }) {
  replaceChildren(container, h('p', { class: 'muted' }, 'Loading…'));
  // The trend is extra: without it (an older worker, no finished sweeps) the table is shown without the column.
  const trend = project
    ? api(`projects/${encodeURIComponent(project)}/quality/trend`).catch(() => null)
    : Promise.resolve(null);
  Promise.all([api(`sweeps/${sweepId}/quality`), trend]).then(([table, trendTable]) => {
    const sweeps = trendTable?.sweeps ?? [];
    const trendNote = sweeps.length > 1
      ? ` Trend: findings per 100 in sweeps ${sweeps.map((s) => `#${s.sweepId}`).join(', ')} (oldest first).`
      : '';
    replaceChildren(container,
      h('p', { class: 'muted' }, `Where findings concentrate: they say where to look, not who is wrong. Decisions are read live.${trendNote}`),
      qualityTable('Annotator', 'quality-annotators', table.annotators, sweeps.length > 1 ? byName(trendTable.annotators) : null),
      qualityTable('Job', 'quality-jobs', table.jobs, sweeps.length > 1 ? byName(trendTable.jobs) : null));
  }, (problem) => {
    replaceChildren(container);
    showProblem(problem);
  });
}

function byName(rows) {
  return new Map(rows.map((row) => [row.name, row.findingsPer100]));
}

function qualityTable(title, className, rows, trend) {
  if (rows.length === 0) return h('p', { class: 'empty' }, `No ${title.toLowerCase()}s in this sweep.`);
  const number = (value) => h('td', { class: 'number' }, String(value));
  const headers = [title, 'Annotations', 'Findings', 'Per 100', ...(trend ? ['Trend'] : []), 'Confirmed', 'Dismissed', 'Top confusions'];
  return h('table', { class: `quality ${className}` },
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((row) => h('tr', { dataset: { name: row.name } },
      h('td', {}, row.name),
      number(row.annotations),
      number(row.findings),
      number(row.findingsPer100.toFixed(1)),
      trend ? trendCell(trend.get(row.name) ?? []) : null,
      number(row.confirmed),
      number(row.dismissed),
      h('td', {}, row.topConfusions.map((c) => `${c.given} → ${c.suggested} ×${c.count}`).join(', '))))));
}

function trendCell(values) {
  const text = values.map((v) => (v === null ? '–' : v.toFixed(1))).join(' → ');
  return h('td', { class: 'trend', title: `findings per 100, oldest first: ${text}` }, sparkline(values), h('span', { class: 'trend-values' }, text));
}

// A small line over the sweeps where the row has a figure; gaps where it has none.
function sparkline(values) {
  const width = 60;
  const height = 16;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('aria-hidden', 'true');
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return svg;
  const top = Math.max(...present, 1);
  const x = (i) => (values.length === 1 ? width / 2 : (i * (width - 4)) / (values.length - 1) + 2);
  const y = (v) => height - 2 - (v / top) * (height - 4);
  let run = [];
  const flush = () => {
    if (run.length === 1) {
      const dot = document.createElementNS(svgNs, 'circle');
      dot.setAttribute('cx', String(run[0][0]));
      dot.setAttribute('cy', String(run[0][1]));
      dot.setAttribute('r', '1.5');
      svg.append(dot);
    } else if (run.length > 1) {
      const line = document.createElementNS(svgNs, 'polyline');
      line.setAttribute('points', run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '));
      svg.append(line);
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null) flush();
    else run.push([x(i), y(v)]);
  });
  flush();
  return svg;
}
