// "Relabel to …" on a finding's card, for projects that set AllowReviewerRelabel: the reviewer picks the suggested label
// (preselected) or any other label of the project, names themself once (kept in this browser), and confirms; the worker
// changes the label on the platform, confirms the finding and resolves its marker, or answers why not (relabels off,
// dry-run, the annotation changed since the sweep...). Nothing shows when the project does not allow relabels.
import { api } from './api.js';
import { h } from './dom.js';

const reviewerKey = 'labelbridge.reviewer';

const outcomeTexts = {
  relabelled: 'Relabelled',
  disabled: 'Relabels are off',
  'dry-run': 'Dry-run project',
  'annotation-changed': 'Annotation changed since the sweep',
  refused: 'Not relabelled',
  'not-found': 'Not found',
  failed: 'Failed',
};

/** One per sweep: asks the worker once whether the sweep's project allows relabels, then builds the control per card. */
export function relabelControls({ sweepId, platformName, showProblem }) {
  let options = null;
  const load = () => {
    options ??= api(`sweeps/${sweepId}/relabel-options`).catch((problem) => {
      showProblem(problem);
      return { allowed: false, reason: problem.message, labels: [] };
    });
    return options;
  };

  /** The control for one finding's card (empty unless allowed); disables the card's other buttons once relabelled. */
  return (view, finding, { status, buttons }) => {
    const slot = h('div', { class: 'relabel-slot' });
    if (!finding || finding.decision) return slot;
    load().then((answer) => {
      if (answer.allowed) slot.append(relabelForm(view, finding, answer.labels, { sweepId, platformName, status, buttons }));
    });
    return slot;
  };
}

function relabelForm(view, finding, labels, { sweepId, platformName, status, buttons }) {
  const choices = labels.filter((label) => label !== view.givenLabel);
  const ordered = finding.suggestedLabel && choices.includes(finding.suggestedLabel)
    ? [finding.suggestedLabel, ...choices.filter((label) => label !== finding.suggestedLabel)]
    : choices;
  const select = h('select', { class: 'relabel-label', 'aria-label': 'New label' },
    ordered.map((label) => h('option', { value: label }, label === finding.suggestedLabel ? `${label} (suggested)` : label)));
  const reviewer = h('input', {
    type: 'text', class: 'relabel-reviewer', 'aria-label': 'Your name', placeholder: 'your name', maxlength: 100,
    value: window.localStorage.getItem(reviewerKey) ?? '',
  });
  const go = h('button', { type: 'button', class: 'relabel-button' });
  const caption = () => { go.textContent = `Relabel to ${select.value} and confirm`; };
  select.addEventListener('change', caption);
  caption();

  const form = h('details', { class: 'relabel' },
    h('summary', {}, finding.suggestedLabel ? `Relabel to ${finding.suggestedLabel}…` : 'Relabel…'),
    h('p', { class: 'muted' }, `Changes the label of this annotation in ${platformName} from ${view.givenLabel}; the finding is confirmed and its marker resolved.`),
    select, reviewer, go);

  go.addEventListener('click', async () => {
    const who = reviewer.value.trim();
    if (!who) {
      status.textContent = 'Type your name: the relabel is kept with who made it.';
      status.classList.add('failed');
      reviewer.focus();
      return;
    }

    window.localStorage.setItem(reviewerKey, who);
    const controls = [...buttons, select, reviewer, go];
    controls.forEach((control) => { control.disabled = true; });
    status.classList.remove('failed');
    status.textContent = `Relabelling to ${select.value}…`;
    let result = null;
    try {
      result = await api(`sweeps/${sweepId}/relabels`, { method: 'POST', body: { findingKey: finding.key, label: select.value, reviewer: who } });
    } catch (problem) {
      status.textContent = problem.message;
    }

    if (result) status.textContent = `${outcomeTexts[result.outcome] ?? result.outcome}: ${result.message}`;
    const relabelled = result?.outcome === 'relabelled';
    status.classList.toggle('failed', !relabelled);
    status.dataset.relabel = result?.outcome ?? 'error';
    if (relabelled) {
      form.open = false;
      form.hidden = true;
    } else {
      controls.forEach((control) => { control.disabled = false; });
    }
  });
  return form;
}
