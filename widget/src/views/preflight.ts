import { html, nothing } from 'lit';

/** A check as the view shows it: not started yet, running, or done. */
export interface PreflightRow {
  name: string;
  status: 'pending' | 'running' | 'passed' | 'warning' | 'failed' | 'skipped';
  message?: string;
}

export interface PreflightViewProps {
  rows: PreflightRow[];
  running: boolean;
  /** Set once a run finished: no check failed. */
  ok: boolean | undefined;
  onRun: () => void;
  onClose: () => void;
}

/** What each check is called on screen, in the order they run. */
export const PREFLIGHT_LABELS: Record<string, string> = {
  microphone: 'Microphone',
  connection: 'Connection to the phone server',
  ice: 'Network path for audio',
  turn: 'Relay for strict networks (TURN)',
  'echo-call': 'Test call: your voice and back',
};

/** What the agent should know while a check runs. */
const RUNNING_HINT: Record<string, string> = {
  microphone: 'Listening: say a few words.',
  connection: 'Connecting…',
  ice: 'Looking for network paths…',
  turn: 'Asking the relay for an address…',
  'echo-call': 'Calling the echo test: you will hear yourself.',
};

const MARK: Record<PreflightRow['status'], string> = { pending: '·', running: '…', passed: '✓', warning: '!', failed: '✗', skipped: '–' };
const SPOKEN: Record<PreflightRow['status'], string> = {
  pending: 'not run yet',
  running: 'running',
  passed: 'passed',
  warning: 'warning',
  failed: 'failed',
  skipped: 'skipped',
};

/** "Test my setup": each check with its status and, when it did not pass, what to do. */
export function renderPreflight(props: PreflightViewProps) {
  const { rows, running, ok } = props;
  const verdict = running ? 'Testing…' : ok === undefined ? 'Checks your microphone, network and a short test call.' : ok ? 'Your setup works.' : 'Some checks failed: see what to do below.';
  return html`<section class="preflight" part="preflight" aria-labelledby="preflight-title" aria-busy=${running ? 'true' : 'false'}>
    <h2 id="preflight-title">Test my setup</h2>
    <p class="preflight-verdict" part="preflight-verdict" data-ok=${ok === undefined ? '' : String(ok)}>${verdict}</p>
    <ol class="preflight-checks">
      ${rows.map(
        (row) => html`<li class="preflight-check" part="preflight-check" data-name=${row.name} data-status=${row.status}>
          <span class="preflight-mark" aria-hidden="true">${MARK[row.status]}</span>
          <div>
            <p class="preflight-label">${PREFLIGHT_LABELS[row.name] ?? row.name}<span class="visually-hidden">: ${SPOKEN[row.status]}</span></p>
            ${row.message || row.status === 'running' ? html`<p class="preflight-message">${row.message ?? RUNNING_HINT[row.name] ?? ''}</p>` : nothing}
          </div>
        </li>`,
      )}
    </ol>
    <div class="row">
      <button class="primary" part="button preflight-run" type="button" @click=${props.onRun} ?disabled=${running}>${ok === undefined ? 'Run the test' : 'Run again'}</button>
      <button part="button preflight-close" type="button" @click=${props.onClose} ?disabled=${running}>Back</button>
    </div>
  </section>`;
}
