// One annotation (with its finding, if any) as a reviewer sees it: the patch, the labels, the evidence, the actions.
import { apiUrl } from './api.js';
import { kindColour } from './colours.js';
import { formatScore, formatTime, h } from './dom.js';
import { moreLikeThisButton } from './similar.js';

export function thumbnail(url, className = 'thumb') {
  const placeholder = () => h('div', { class: `${className} thumb-missing`, role: 'img', 'aria-label': 'No thumbnail' },
    'No thumbnail: the item may have been deleted or not embedded yet.');
  const image = h('img', { class: className, src: apiUrl(url), alt: 'patch', loading: 'lazy', decoding: 'async' });
  image.addEventListener('error', () => image.replaceWith(placeholder()), { once: true });
  return image;
}

export function thumbnailUrlOf(project, annotationKey) {
  return `projects/${encodeURIComponent(project)}/thumbnails?annotation=${encodeURIComponent(annotationKey)}`;
}

export function platformName(platform) {
  return platform === 'LabelStudio' ? 'Label Studio' : platform === 'Cvat' ? 'CVAT' : platform;
}

/** @param view AnnotationView (or a FindingView wrapped as { ...finding, finding }) */
export function annotationCard(view, { platform, kinds, decide, moreLikeThis, relabel }) {
  const finding = view.finding;
  const status = h('div', { class: 'card-status' }, decisionText(finding?.decision));
  const actionBar = actions(view, finding, platform, status, decide, moreLikeThis);
  const card = h('article', { class: `card${finding ? ' flagged' : ''}`, dataset: { annotationKey: view.annotationKey, findingKey: finding?.key ?? '' } },
    thumbnail(view.thumbnailUrl),
    h('div', { class: 'card-body' },
      h('div', { class: 'card-title', title: view.itemName }, view.itemName),
      h('div', {}, 'given ', h('strong', {}, view.givenLabel),
        finding?.suggestedLabel ? [' → suggested ', h('strong', {}, finding.suggestedLabel)] : null),
      finding
        ? h('div', {}, h('span', { class: 'kind', style: `--kind:${kindColour(finding.kind, kinds.indexOf(finding.kind))}` }, finding.kind),
          ` score ${formatScore(finding.score)}`)
        : h('div', { class: 'muted' }, 'no finding'),
      finding?.reason ? h('p', { class: 'reason' }, finding.reason) : null,
      status,
      actionBar,
      relabel?.(view, finding, { status, buttons: [...actionBar.querySelectorAll('button')] })));
  return card;
}

function actions(view, finding, platform, status, decide, moreLikeThis) {
  const open = view.platformLink
    ? h('a', { class: 'button', href: view.platformLink, target: '_blank', rel: 'noopener noreferrer' }, `Open in ${platformName(platform)}`)
    : null;
  const similar = moreLikeThis ? moreLikeThisButton(view.annotationKey, moreLikeThis) : null;
  if (!finding) return h('div', { class: 'card-actions' }, open, similar);

  const apply = h('input', { type: 'checkbox', class: 'apply-suggestion' });
  const buttons = [];
  const run = async (verdict) => {
    buttons.forEach((b) => { b.disabled = true; });
    status.textContent = verdict === 'Dismissed' ? 'Dismissing…' : 'Confirming…';
    const result = await decide([finding.key], verdict, verdict === 'Confirmed' && apply.checked);
    const outcome = result?.[0];
    status.textContent = outcome ? outcomeText(outcome) : 'No answer from the worker.';
    status.classList.toggle('failed', !outcome || outcome.outcome === 'failed' || outcome.outcome === 'not-found');
    if (!outcome || outcome.outcome === 'failed') buttons.forEach((b) => { b.disabled = false; });
  };
  const confirm = h('button', { type: 'button', class: 'confirm', onclick: () => run('Confirmed') }, 'Confirm');
  const dismiss = h('button', { type: 'button', class: 'dismiss', onclick: () => run('Dismissed') }, 'Dismiss');
  buttons.push(confirm, dismiss);
  if (finding.decision) buttons.forEach((b) => { b.disabled = true; });
  return h('div', { class: 'card-actions' },
    confirm,
    finding.suggestedLabel ? h('label', { class: 'apply', title: 'Also put the suggested label on the platform as a suggestion (the label itself is not changed)' }, apply, 'apply suggestion') : null,
    dismiss,
    open,
    similar);
}

export function outcomeText(result) {
  const text = { dismissed: 'Dismissed', confirmed: 'Confirmed', 'not-found': 'Not found', failed: 'Failed' }[result.outcome] ?? result.outcome;
  return result.message ? `${text}: ${result.message}` : text;
}

function decisionText(decision) {
  if (!decision) return '';
  return `${decision.verdict} by ${decision.source} ${formatTime(decision.decidedAt)}`;
}
