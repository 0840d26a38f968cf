// The triage page: ?project=<name> opens the project's newest finished sweep, ?sweep=<id> one sweep, nothing the
// project list. Everything comes from the worker's /api; errors are shown as the API words them.
import { ApiProblem, api } from './api.js';
import { platformName, thumbnail, thumbnailUrlOf } from './card.js';
import { kindColour, labelColours, scoreColour, unflaggedColour } from './colours.js';
import { showConfusion } from './confusionMatrix.js';
import { formatTime, h, replaceChildren } from './dom.js';
import { createFindingsList } from './findingsList.js';
import { createPlot } from './plot.js';
import { decodePoints } from './pointsPayload.js';
import { showQuality } from './quality.js';
import { relabelControls } from './relabel.js';
import { createSelectionGrid } from './selectionGrid.js';
import { attachToPlot, createSimilarBar } from './similar.js';
import { sweepHistory } from './sweepHistory.js';
import { showThresholds } from './thresholds.js';

const app = document.getElementById('app');
const problemBanner = document.getElementById('problem');
const crumbs = document.getElementById('crumbs');
const hook = { ready: false };
window.labelBridge = hook;

function showProblem(problem, ...links) {
  const message = problem instanceof ApiProblem ? problem.message : `Something went wrong on this page: ${problem?.message ?? problem}`;
  replaceChildren(problemBanner, h('span', { class: 'problem-text' }, message), links.length ? [' ', ...links] : null);
  problemBanner.hidden = false;
  hook.problem = message;
}

function pageLink(query) {
  const search = new URLSearchParams(query).toString();
  return search ? `?${search}` : './';
}

function setCrumbs(project, sweepId) {
  replaceChildren(crumbs,
    h('a', { href: './' }, 'Projects'),
    project ? [' › ', h('a', { href: pageLink({ project }) }, project)] : null,
    sweepId ? [' › ', `Sweep #${sweepId}`] : null);
}

async function route() {
  const params = new URLSearchParams(window.location.search);
  const project = params.get('project');
  const sweep = params.get('sweep');
  const finding = params.get('finding');
  try {
    if (project && params.get('view') === 'thresholds') await openThresholds(project);
    else if (sweep) await openSweep(Number.parseInt(sweep, 10), project, undefined, finding);
    else if (project) await openNewestSweep(project, finding);
    else await showProjects();
  } catch (problem) {
    replaceChildren(app);
    showProblem(problem);
  }
}

async function openThresholds(project) {
  setCrumbs(project);
  await showThresholds(app, project, hook);
}

async function showProjects() {
  setCrumbs();
  const projects = await api('projects');
  replaceChildren(app, h('section', { class: 'projects' },
    h('h2', {}, 'Projects'),
    projects.length === 0
      ? h('p', { class: 'empty' }, 'No projects are configured on this worker.')
      : h('table', {},
        h('thead', {}, h('tr', {}, ['Project', 'Platform', 'Schedule', 'Last sweep'].map((t) => h('th', {}, t)))),
        h('tbody', {}, projects.map((p) => h('tr', {},
          h('td', {}, h('a', { href: pageLink({ project: p.name }) }, p.name)),
          h('td', {}, p.platform),
          h('td', {}, p.schedule ?? 'manual only'),
          h('td', {}, p.lastSweep ? `#${p.lastSweep.id} ${p.lastSweep.status} · ${formatTime(p.lastSweep.startedAt)}` : 'none yet')))))));
  hook.ready = true;
}

async function openNewestSweep(project, finding) {
  setCrumbs(project);
  const history = await api(`projects/${encodeURIComponent(project)}/history?limit=50`);
  const newest = history.find((s) => s.status === 'Succeeded');
  if (!newest) {
    replaceChildren(app, h('section', {},
      h('h2', {}, project),
      h('p', { class: 'empty' }, history.length === 0
        ? 'This project has no sweeps yet. Start one with POST /api/projects/{project}/sweeps or wait for its schedule.'
        : 'This project has no finished sweep yet.'),
      history.length ? sweepHistory(history, { currentSweepId: null, linkOf: (id) => pageLink({ project, sweep: id }) }) : null));
    hook.ready = true;
    return;
  }

  await openSweep(newest.sweepId, project, history, finding);
}

async function openSweep(sweepId, projectHint, knownHistory, finding) {
  setCrumbs(projectHint, sweepId);
  let summary;
  try {
    summary = await api(`sweeps/${sweepId}/summary`);
  } catch (problem) {
    replaceChildren(app);
    if (!(problem instanceof ApiProblem) || (problem.status !== 404 && problem.status !== 409)) throw problem;
    showProblem(problem, ...(await newestSweepLinks(projectHint)));
    hook.ready = true;
    return;
  }

  const project = summary.project;
  setCrumbs(project, sweepId);
  const [payload, history] = await Promise.all([
    api(`sweeps/${sweepId}/points`),
    knownHistory ?? api(`projects/${encodeURIComponent(project)}/history?limit=50`).catch(() => []),
  ]);
  // Marks of the first draw's stages, read by the page-draw bench (bench/triage-page).
  performance.mark('labelbridge:points-parsed');
  const points = decodePoints(payload, summary);
  performance.mark('labelbridge:points-decoded');
  renderSweep(summary, points, history, finding);
}

async function newestSweepLinks(project) {
  if (project) return [h('a', { class: 'newest-link', href: pageLink({ project }) }, `Open the newest sweep of ${project}`)];
  try {
    const projects = await api('projects');
    return projects.map((p) => h('a', { class: 'newest-link', href: pageLink({ project: p.name }) }, `Open the newest sweep of ${p.name}`));
  } catch {
    return [h('a', { href: './' }, 'All projects')];
  }
}

function renderSweep(summary, points, history, finding) {
  const sweepId = summary.sweepId;
  const project = summary.project;
  const hoverCache = new Map();

  const decide = async (findingKeys, verdict, applySuggestion) => {
    try {
      const answer = await api(`sweeps/${sweepId}/decisions`, { method: 'POST', body: { findingKeys, verdict, applySuggestion } });
      return answer.results;
    } catch (problem) {
      showProblem(problem);
      return null;
    }
  };

  const plotArea = h('div', { class: 'plot-area' });
  const legend = h('div', { class: 'legend', 'aria-label': 'Legend' });
  const gridPanel = h('div', { class: 'tab-panel', dataset: { tab: 'selection' } });
  const findingsPanel = h('div', { class: 'tab-panel', dataset: { tab: 'findings' }, hidden: true });
  const confusionPanel = h('div', { class: 'tab-panel', dataset: { tab: 'confusion' }, hidden: true });
  const qualityPanel = h('div', { class: 'tab-panel', dataset: { tab: 'annotators' }, hidden: true });
  const historyPanel = h('div', { class: 'tab-panel', dataset: { tab: 'history' }, hidden: true },
    sweepHistory(history, { currentSweepId: sweepId, linkOf: (id) => pageLink({ project, sweep: id }) }));

  const tabs = ['selection', 'findings', 'confusion', 'annotators', 'history'];
  const tabButtons = tabs.map((tab) => h('button', { type: 'button', role: 'tab', class: 'tab', dataset: { tab }, onclick: () => showTab(tab) },
    { selection: 'Selection', findings: 'Findings', confusion: 'Confusion', annotators: 'Annotators', history: 'History' }[tab]));
  let confusionShown = false;
  let qualityShown = false;
  function showTab(tab) {
    for (const button of tabButtons) button.setAttribute('aria-selected', String(button.dataset.tab === tab));
    for (const panel of [gridPanel, findingsPanel, confusionPanel, qualityPanel, historyPanel]) panel.hidden = panel.dataset.tab !== tab;
    if (tab === 'annotators' && !qualityShown) {
      qualityShown = true;
      showQuality(qualityPanel, { sweepId, project, showProblem });
    }
    if (tab === 'confusion' && !confusionShown) {
      confusionShown = true;
      showConfusion(confusionPanel, { sweepId, onPick: pickFindings, showProblem });
    }
  }

  replaceChildren(app,
    sweepHeader(summary, points),
    h('div', { class: 'workspace' },
      h('section', { class: 'plot-panel' }, toolbar(), plotArea, legend),
      h('section', { class: 'side-panel' }, h('div', { class: 'tabs', role: 'tablist' }, tabButtons),
        gridPanel, findingsPanel, confusionPanel, qualityPanel, historyPanel)));
  showTab('selection');

  const similarArea = h('div', { class: 'similar', 'aria-label': 'More like this' });
  const gridArea = h('div');
  gridPanel.append(similarArea, gridArea);
  const moreLikeThis = (annotationKey) => similar.show(annotationKey);
  const relabel = relabelControls({ sweepId, platformName: platformName(summary.platform), showProblem });
  const grid = createSelectionGrid(gridArea, { sweepId, points, platform: summary.platform, decide, relabel, showProblem, moreLikeThis });
  const plot = createPlot(plotArea, points, {
    thumbnailOf: (key, className) => thumbnail(thumbnailUrlOf(project, key), className),
    onSelect: (indices) => { hook.selected = indices.map((i) => points.annotationKeys[i]); similar.noticeSelection(indices); showTab('selection'); grid.show(indices); },
    onHover: (index) => {
      const key = points.annotationKeys[index];
      if (!hoverCache.has(key)) {
        hoverCache.set(key, api(`sweeps/${sweepId}/selection`, { method: 'POST', body: { annotationKeys: [key], offset: 0, limit: 1 } })
          .then((page) => page.items[0]));
      }
      return hoverCache.get(key);
    },
  });
  const similar = createSimilarBar(similarArea, { sweepId, points, select: (indices) => plot.select(indices), showProblem });
  attachToPlot(plot, plotArea, (index) => moreLikeThis(points.annotationKeys[index]));
  createFindingsList(findingsPanel, { sweepId, summary, onPick: pickFindings, showProblem, moreLikeThis });
  renderLegend();

  function pickFindings(findingKeys) {
    const indices = findingKeys.map((key) => points.indexOfFinding.get(key)).filter((i) => i !== undefined);
    plot.select(indices);
  }

  function toolbar() {
    const colourChoice = (mode, text) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'colour-by', value: mode, checked: mode === 'label', onchange: async () => { await plot.setColourBy(mode); renderLegend(); } }), text);
    const modeChoice = (mode, text, title) => h('label', { class: 'choice', title },
      h('input', { type: 'radio', name: 'mouse-mode', value: mode, checked: mode === 'pan', onchange: () => plot.setMouseMode(mode) }), text);
    const layers = points.populations.length > 1 || points.populations.includes('image-labels')
      ? h('fieldset', { class: 'layers' }, h('legend', {}, 'Layers'), points.populations.map((population, index) => h('label', { class: 'choice' },
        h('input', { type: 'checkbox', name: 'layer', value: population, checked: true, onchange: () => plot.togglePopulation(index) }),
        population === 'image-labels' ? 'image-level labels' : 'objects')))
      : null;
    return h('div', { class: 'toolbar' },
      h('fieldset', {}, h('legend', {}, 'Colour by'), colourChoice('label', 'given label'), colourChoice('kind', 'finding kind'), colourChoice('score', 'score')),
      h('fieldset', {}, h('legend', {}, 'Mouse'),
        modeChoice('pan', 'pan/zoom', 'Drag to pan, scroll to zoom; shift-drag lassos'), modeChoice('lasso', 'lasso', 'Drag around points to select them'), modeChoice('box', 'box', 'Drag a rectangle to select')),
      layers,
      h('button', { type: 'button', onclick: () => plot.resetView() }, 'Reset view'),
      h('span', { class: 'muted hint' }, 'Right-click a point: more like this'));
  }

  function renderLegend() {
    const mode = plot.state.colourBy;
    const entry = (colour, text, count, hidden, onToggle) => h('button', {
      type: 'button', class: 'legend-entry', 'aria-pressed': String(!hidden), onclick: (event) => {
        onToggle();
        event.currentTarget.setAttribute('aria-pressed', String(event.currentTarget.getAttribute('aria-pressed') !== 'true'));
      },
    }, h('span', { class: 'swatch', style: `background:${colour}` }), text, count === undefined ? null : h('span', { class: 'count' }, String(count)));
    if (mode === 'label') {
      const counts = new Array(points.labels.length).fill(0);
      for (let i = 0; i < points.count; i++) counts[points.label[i]]++;
      const colours = labelColours(points.labels.length);
      replaceChildren(legend, points.labels.map((label, i) => entry(colours[i], label, counts[i], plot.state.hiddenLabels.has(i), () => plot.toggleLabel(i))));
    } else if (mode === 'kind') {
      const counts = new Map();
      for (let i = 0; i < points.count; i++) counts.set(points.kind[i], (counts.get(points.kind[i]) ?? 0) + 1);
      replaceChildren(legend,
        entry(unflaggedColour, 'no finding', counts.get(-1) ?? 0, plot.state.hiddenKinds.has(-1), () => plot.toggleKind(-1)),
        points.kinds.map((kind, i) => entry(kindColour(kind, i), kind, counts.get(i) ?? 0, plot.state.hiddenKinds.has(i), () => plot.toggleKind(i))));
    } else {
      replaceChildren(legend,
        entry(unflaggedColour, 'no finding', undefined, plot.state.hiddenKinds.has(-1), () => plot.toggleKind(-1)),
        h('span', { class: 'scale', style: `background:linear-gradient(to right, ${scoreColour(0)}, ${scoreColour(0.5)}, ${scoreColour(1)})` }),
        h('span', { class: 'muted' }, 'score 0 → 1'));
    }
  }

  Object.assign(hook, {
    sweepId,
    count: points.count,
    screenPositionOf: (key) => (points.indexOfAnnotation.has(key) ? plot.screenPositionOf(points.indexOfAnnotation.get(key)) : null),
    styleOf: (key) => (points.indexOfAnnotation.has(key) ? plot.styleOf(points.indexOfAnnotation.get(key)) : null),
    annotationKeys: () => points.annotationKeys.slice(),
    findingKeys: () => points.findingKeys.slice(),
    scatterplot: plot.scatterplot,
  });
  performance.mark('labelbridge:plot-created');
  plot.ready.then(() => {
    performance.mark('labelbridge:first-draw');
    if (finding) selectLinkedFinding(finding);
    hook.ready = true;
  }, (error) => showProblem(error));

  function selectLinkedFinding(key) {
    if (points.indexOfFinding.has(key)) pickFindings([key]);
    else showProblem(new ApiProblem(404, `The linked finding is not in sweep #${sweepId}: it may have been dismissed, or the annotation changed since.`));
  }
}

function sweepHeader(summary, points) {
  const counts = summary.counts ?? {};
  const byKind = Object.entries(counts.findingsByKind ?? {}).filter(([, count]) => count > 0);
  return h('section', { class: 'sweep-head' },
    h('h2', {}, `${summary.project} · sweep #${summary.sweepId}`),
    h('p', { class: 'meta' },
      `${platformName(summary.platform)} · ${summary.status} · finished ${formatTime(summary.finishedAt)} · embedder ${summary.embedder} · `,
      `${points.count} points`,
      summary.projection?.method ? ` · projection ${summary.projection.method}` : '',
      ' · ', h('a', { href: `../api/sweeps/${summary.sweepId}/report.html`, target: '_blank', rel: 'noopener' }, 'report'),
      ' · ', h('a', { href: pageLink({ project: summary.project, view: 'thresholds' }), class: 'thresholds-link' }, 'thresholds')),
    byKind.length === 0
      ? h('p', { class: 'no-findings' }, 'No findings in this sweep.')
      : h('p', { class: 'meta' }, byKind.map(([kind, count]) => `${count} ${kind}`).join(' · '),
        counts.suppressedAsDismissed ? ` · ${counts.suppressedAsDismissed} suppressed as dismissed` : ''),
    // The same sentence the CLI and the report print: how many labels look wrong, and that only the likeliest are shown.
    summary.estimate ? h('p', { class: 'estimate' }, `${capitalised(summary.estimate.sentence)}.`) : null,
    points.labels.length === 1 ? h('p', { class: 'muted' }, `Only one class (${points.labels[0]}): mislabels need at least two, so only outliers and geometry can show.`) : null,
    summary.notes?.length || summary.problems?.length
      ? h('details', { class: 'notes' }, h('summary', {}, `${summary.notes?.length ?? 0} notes, ${summary.problems?.length ?? 0} problems`),
        h('ul', {}, (summary.notes ?? []).map((note) => h('li', {}, note)),
          (summary.problems ?? []).map((problem) => h('li', {}, problemText(problem)))))
      : null);
}

function capitalised(sentence) {
  return sentence.length === 0 ? sentence : sentence[0].toUpperCase() + sentence.slice(1);
}

function problemText(problem) {
  return typeof problem === 'string' ? problem : `${problem.subject}: ${problem.reason}`;
}

route();
