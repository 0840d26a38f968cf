// Calls the worker's /api. A 401 opens the token prompt once (shared by concurrent calls), then the call is retried;
// any other error becomes an ApiProblem carrying the server's ProblemDetails title, shown to the reviewer verbatim.

const apiRoot = new URL('../api/', window.location.href);

export class ApiProblem extends Error {
  constructor(status, title, detail) {
    super(detail && detail !== title ? `${title} ${detail}` : title);
    this.status = status;
    this.title = title;
  }
}

export function apiUrl(path) {
  return new URL(path.replace(/^\/?(api\/)?/, ''), apiRoot).toString();
}

export async function api(path, { method = 'GET', body } = {}) {
  for (;;) {
    let response;
    try {
      response = await fetch(apiUrl(path), {
        method,
        credentials: 'same-origin',
        // The CSRF header proves the request comes from this page's own script (the server refuses cookie-borne writes without it).
        headers: body === undefined
          ? { Accept: 'application/json', 'X-LabelBridge-Csrf': '1' }
          : { Accept: 'application/json', 'Content-Type': 'application/json', 'X-LabelBridge-Csrf': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiProblem(0, `The LabelBridge worker did not answer (${error.message}).`);
    }

    if (response.status === 401) {
      await signIn();
      continue;
    }

    if (!response.ok) {
      throw await problemOf(response);
    }

    return response.status === 204 ? null : response.json();
  }
}

async function problemOf(response) {
  const text = await response.text();
  try {
    const problem = JSON.parse(text);
    if (problem && (problem.title || problem.detail)) {
      return new ApiProblem(response.status, problem.title ?? problem.detail, problem.title ? problem.detail : undefined);
    }
  } catch {
    // not ProblemDetails: fall through to the status line
  }

  return new ApiProblem(response.status, `${response.status} ${response.statusText}`.trim() + (text ? `: ${text.slice(0, 300)}` : ''));
}

let pendingSignIn = null;

function signIn() {
  pendingSignIn ??= promptForToken().finally(() => { pendingSignIn = null; });
  return pendingSignIn;
}

function promptForToken() {
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const problem = document.getElementById('token-problem');
  return new Promise((resolve) => {
    const submit = async (event) => {
      event.preventDefault();
      problem.hidden = true;
      const response = await fetch(apiUrl('session'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: input.value }),
      });
      if (response.ok) {
        form.removeEventListener('submit', submit);
        input.value = '';
        dialog.close();
        resolve();
        return;
      }

      const failure = await problemOf(response);
      problem.textContent = response.status === 401 ? 'That is not this worker\'s API token.' : failure.message;
      problem.hidden = false;
    };
    form.addEventListener('submit', submit);
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    if (!dialog.open) dialog.showModal();
    input.focus();
  });
}
