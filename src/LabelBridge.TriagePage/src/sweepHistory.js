// A project's sweeps over time: finding counts by kind as small stacked bars and as a table; click one to open it.
import { kindColour } from './colours.js';
import { formatTime, h } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';

export function sweepHistory(history, { currentSweepId, linkOf }) {
  const kinds = [...new Set(history.flatMap((s) => Object.entries(s.findingsByKind ?? {}).filter(([, n]) => n > 0).map(([kind]) => kind)))].sort();
  const total = (s) => Object.values(s.findingsByKind ?? {}).reduce((a, b) => a + b, 0);
  return h('section', { class: 'history' },
    h('h3', {}, 'Sweep history'),
    chart(history, kinds, total, linkOf),
    h('table', { class: 'history-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Sweep'), h('th', {}, 'Started'), h('th', {}, 'Trigger'), h('th', {}, 'Status'),
        kinds.map((k) => h('th', {}, k)), h('th', {}, 'Points'))),
      h('tbody', {}, history.map((s) => h('tr', { class: s.sweepId === currentSweepId ? 'current' : '' },
        h('td', {}, h('a', { href: linkOf(s.sweepId) }, `#${s.sweepId}`)),
        h('td', {}, formatTime(s.startedAt)),
        h('td', {}, s.trigger),
        h('td', {}, s.status === 'Succeeded' ? s.status : `${s.status} (${s.stage})`),
        kinds.map((k) => h('td', { class: 'number' }, String(s.findingsByKind?.[k] ?? 0))),
        h('td', { class: 'number' }, s.pointCount == null ? '—' : String(s.pointCount)))))),
    kinds.length === 0 && history.length > 0 ? h('p', { class: 'muted' }, 'No sweep of this project has findings yet.') : null);
}

function chart(history, kinds, total, linkOf) {
  const sweeps = history.slice().reverse();
  const max = Math.max(1, ...sweeps.map(total));
  const barWidth = 14;
  const height = 60;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'history-chart');
  svg.setAttribute('viewBox', `0 0 ${Math.max(1, sweeps.length) * (barWidth + 4)} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Findings by kind per sweep, oldest first');
  sweeps.forEach((sweep, i) => {
    const link = document.createElementNS(svgNs, 'a');
    link.setAttribute('href', linkOf(sweep.sweepId));
    let y = height;
    kinds.forEach((kind, k) => {
      const count = sweep.findingsByKind?.[kind] ?? 0;
      if (count === 0) return;
      const barHeight = (count / max) * (height - 4);
      y -= barHeight;
      const rect = document.createElementNS(svgNs, 'rect');
      rect.setAttribute('x', String(i * (barWidth + 4)));
      rect.setAttribute('y', String(y));
      rect.setAttribute('width', String(barWidth));
      rect.setAttribute('height', String(barHeight));
      rect.setAttribute('fill', kindColour(kind, k));
      const title = document.createElementNS(svgNs, 'title');
      title.textContent = `Sweep #${sweep.sweepId}: ${count} ${kind}`;
      rect.append(title);
      link.append(rect);
    });
    svg.append(link);
  });
  return svg;
}
