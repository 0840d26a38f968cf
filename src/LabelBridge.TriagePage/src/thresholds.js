// Threshold preview and overrides (?project=<name>&view=thresholds): per threshold, the score distribution of the latest
// sweep, how many findings a value would write (counted by the worker with the sweep's own selection), and the admin's
// override with who and when. A change applies from the next sweep; the configured value stays the default.
import { api } from './api.js';
import { formatTime, h, replaceChildren } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';

export async function showThresholds(app, project, hook) {
  const path = `projects/${encodeURIComponent(project)}/thresholds`;
  const preview = await api(path);
  const who = h('input', { id: 'threshold-by', type: 'text', autocomplete: 'name', placeholder: 'your name', value: localStorage.getItem('labelbridge.by') ?? '' });
  const status = h('p', { class: 'muted', id: 'threshold-status', role: 'status' });
  replaceChildren(app, h('section', { class: 'thresholds' },
    h('h2', {}, `${project} · thresholds`),
    h('p', { class: 'meta' }, preview.sweepId
      ? `Counted on sweep #${preview.sweepId} (${formatTime(preview.sweepStartedAt)}): ${preview.written} findings at the thresholds the next sweep uses, at most ${preview.maxFindingsPerSweep} per sweep, dismissed ones left out.`
      : preview.note),
    h('p', {}, h('label', {}, 'Changes are made by ', who)),
    status,
    preview.kinds.map((kind) => thresholdPanel(path, kind, preview.sweepId != null, who, status, () => showThresholds(app, project, hook)))));
  hook.thresholds = preview;
  hook.ready = true;
}

function thresholdPanel(path, kind, counted, who, status, reload) {
  const input = h('input', {
    type: 'number', min: '0', max: '1', step: '0.01', value: String(kind.effective),
    'aria-label': `${kind.threshold} value`, dataset: { threshold: kind.threshold },
  });
  const slider = h('input', { type: 'range', min: '0', max: '1', step: '0.01', value: String(kind.effective), 'aria-hidden': 'true', tabindex: '-1' });
  const outcome = h('p', { class: 'threshold-outcome', dataset: { threshold: kind.threshold } });
  const histogram = histogramSvg(kind.histogram, kind.effective);
  let pending = 0;
  const count = async (value) => {
    moveMarker(histogram, value);
    if (!counted) return;
    const ticket = ++pending;
    const row = kind.rows.find((r) => r.threshold === value)
      ?? (await api(`${path}?at=${encodeURIComponent(value)}`)).kinds.find((k) => k.threshold === kind.threshold).rows.find((r) => r.threshold === value);
    if (ticket !== pending || !row) return;
    outcome.textContent = `At ${value}: ${row.findings} ${kind.kind} findings, ${row.written} findings written in all`
      + (row.expectedErrorShare == null ? '' : kind.calibrated
        ? `; about ${Math.round(row.expectedErrorShare * 100)}% of these mislabels are expected to be real errors`
        : `; mean score ${row.expectedErrorShare.toFixed(2)} (not calibrated)`)
      + '.';
    outcome.dataset.findings = String(row.findings);
    outcome.dataset.written = String(row.written);
  };
  const changed = (value) => {
    const number = Number(value);
    if (!Number.isFinite(number)) return;
    input.value = String(number);
    slider.value = String(number);
    count(number).catch((problem) => { outcome.textContent = problem.message; });
  };
  input.addEventListener('input', () => changed(input.value));
  slider.addEventListener('input', () => changed(slider.value));
  const apply = h('button', {
    type: 'button', dataset: { apply: kind.threshold },
    onclick: async () => {
      localStorage.setItem('labelbridge.by', who.value);
      try {
        await api(`${path}/${kind.threshold}`, { method: 'PUT', body: { value: Number(input.value), by: who.value } });
        await reload();
        document.getElementById('threshold-status').textContent = `${kind.threshold} set to ${input.value}; it applies from the next sweep.`;
      } catch (problem) {
        status.textContent = problem.message;
        status.className = 'problem';
      }
    },
  }, 'Use from the next sweep');
  const reset = kind.override
    ? h('button', {
      type: 'button', dataset: { reset: kind.threshold },
      onclick: async () => {
        try {
          await api(`${path}/${kind.threshold}`, { method: 'DELETE' });
          await reload();
        } catch (problem) {
          status.textContent = problem.message;
          status.className = 'problem';
        }
      },
    }, `Back to the configured ${kind.configured}`)
    : null;
  const panel = h('section', { class: 'threshold', dataset: { threshold: kind.threshold } },
    h('h3', {}, `${kind.threshold} (${kind.kind})`),
    h('table', { class: 'threshold-values' }, h('tbody', {},
      h('tr', {}, h('th', {}, 'Configured'), h('td', {}, String(kind.configured))),
      h('tr', {}, h('th', {}, 'Override'), h('td', { class: 'override' }, kind.override
        ? `${kind.override.value} by ${kind.override.setBy} at ${formatTime(kind.override.setAt)}`
        : 'none')),
      h('tr', {}, h('th', {}, 'Next sweep uses'), h('td', {}, String(kind.effective))))),
    counted ? histogram : null,
    h('div', { class: 'threshold-control' }, input, slider, apply, reset),
    outcome);
  changed(kind.effective);
  return panel;
}

function histogramSvg(counts, at) {
  const width = 300;
  const height = 60;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'threshold-histogram');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Scores of every analysed annotation, 0 to 1');
  const max = Math.max(1, ...counts);
  const bar = width / Math.max(1, counts.length);
  counts.forEach((n, i) => {
    // Square root: a few high scores stay visible beside thousands of low ones.
    const barHeight = n === 0 ? 0 : Math.max(1, Math.sqrt(n / max) * (height - 2));
    const rect = document.createElementNS(svgNs, 'rect');
    rect.setAttribute('x', String(i * bar));
    rect.setAttribute('y', String(height - barHeight));
    rect.setAttribute('width', String(Math.max(1, bar - 1)));
    rect.setAttribute('height', String(barHeight));
    const title = document.createElementNS(svgNs, 'title');
    title.textContent = `${(i / counts.length).toFixed(2)}–${((i + 1) / counts.length).toFixed(2)}: ${n}`;
    rect.append(title);
    svg.append(rect);
  });
  const marker = document.createElementNS(svgNs, 'line');
  marker.setAttribute('class', 'threshold-marker');
  marker.setAttribute('y1', '0');
  marker.setAttribute('y2', String(height));
  svg.append(marker);
  moveMarker(svg, at);
  return svg;
}

function moveMarker(svg, value) {
  const marker = svg.querySelector('.threshold-marker');
  const x = String(Math.min(1, Math.max(0, value)) * 300);
  marker.setAttribute('x1', x);
  marker.setAttribute('x2', x);
}
