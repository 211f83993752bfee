import { html, nothing } from 'lit';
import { alertIcon, hangupIcon, keypadIcon, micIcon, micOffIcon, pauseIcon, phoneIcon, playIcon, transferIcon } from './icons.js';
import type { CallSummary } from '../state.js';

export interface IncomingCallProps {
  call: CallSummary;
  onAnswer: () => void;
  onDecline: () => void;
}

export function renderIncomingCall({ call, onAnswer, onDecline }: IncomingCallProps) {
  const answering = call.state === 'answering';
  return html`<section class="call-card ringing" part="incoming" aria-labelledby="incoming-label" data-call-id=${call.id}>
    <p class="call-label" id="incoming-label">${answering ? 'Answering…' : 'Incoming call'}</p>
    <div>
      <p class="call-remote">${call.remote}</p>
      ${call.remoteName && call.remoteName !== call.remote ? html`<p class="call-name">${call.remoteName}</p>` : nothing}
    </div>
    ${renderUuid(call)}
    <div class="row">
      <button class="answer" part="button answer-button" type="button" @click=${onAnswer} ?disabled=${answering} aria-label="Answer call from ${call.remote}">
        ${phoneIcon} Answer
      </button>
      <button class="hangup" part="button decline-button" type="button" @click=${onDecline} aria-label="Decline call from ${call.remote}">
        ${hangupIcon} Decline
      </button>
    </div>
  </section>`;
}

export interface ActiveCallProps {
  call: CallSummary;
  now: number;
  keypadOpen: boolean;
  transferOpen: boolean;
  onHangup: () => void;
  onMute: () => void;
  onHold: () => void;
  onToggleKeypad: () => void;
  onToggleTransfer: () => void;
  onTransfer: (target: string) => void;
}

export function renderActiveCall(props: ActiveCallProps) {
  const { call } = props;
  const held = call.state === 'held';
  const outgoingRinging = call.direction === 'outgoing' && (call.state === 'dialing' || call.state === 'ringing');
  const status = call.reconnecting
    ? 'Reconnecting…'
    : outgoingRinging
      ? call.state === 'ringing'
        ? 'Ringing…'
        : 'Calling…'
      : held
        ? 'On hold'
        : call.answeredAt
          ? formatDuration(props.now - call.answeredAt)
          : 'Connecting…';
  const submitTransfer = (event: SubmitEvent) => {
    event.preventDefault();
    const target = String(new FormData(event.currentTarget as HTMLFormElement).get('target') ?? '').trim();
    if (target) props.onTransfer(target);
  };
  return html`<section class="call-card" part="call" aria-labelledby="call-label" data-call-id=${call.id} data-state=${call.state} ?data-reconnecting=${call.reconnecting}>
    <div class="call-meta">
      <p class="call-label" id="call-label">${call.direction === 'incoming' ? 'Inbound call' : 'Outbound call'}</p>
      <span role="timer" aria-live=${call.reconnecting ? 'polite' : 'off'} part="call-status">${status}</span>
    </div>
    <div>
      <p class="call-remote">${call.remote}</p>
      ${call.remoteName && call.remoteName !== call.remote ? html`<p class="call-name">${call.remoteName}</p>` : nothing}
    </div>
    ${renderUuid(call)}
    ${renderQualityWarnings(call)}
    <div class="controls" part="controls" role="group" aria-label="Call controls">
      <button type="button" part="button mute-button" aria-pressed=${String(call.muted)} @click=${props.onMute} ?disabled=${outgoingRinging}>
        ${call.muted ? micOffIcon : micIcon} ${call.muted ? 'Unmute' : 'Mute'}
      </button>
      <button type="button" part="button hold-button" aria-pressed=${String(held)} @click=${props.onHold} ?disabled=${outgoingRinging}>
        ${held ? playIcon : pauseIcon} ${held ? 'Resume' : 'Hold'}
      </button>
      <button type="button" part="button keypad-button" aria-pressed=${String(props.keypadOpen)} aria-controls="in-call-keypad" @click=${props.onToggleKeypad} ?disabled=${outgoingRinging}>
        ${keypadIcon} Keypad
      </button>
      <button type="button" part="button transfer-button" aria-pressed=${String(props.transferOpen)} @click=${props.onToggleTransfer} ?disabled=${outgoingRinging}>
        ${transferIcon} Transfer
      </button>
    </div>
    ${props.transferOpen
      ? html`<form class="row" part="transfer" @submit=${submitTransfer} aria-label="Blind transfer">
          <input class="grow" name="target" required placeholder="Transfer to…" aria-label="Transfer target" autocomplete="off" />
          <button type="submit" part="button">Transfer</button>
        </form>`
      : nothing}
    <button class="hangup wide" part="button hangup-button" type="button" @click=${props.onHangup} aria-label="Hang up call with ${call.remote}">
      ${hangupIcon} Hang up
    </button>
  </section>`;
}

/** What each call-quality warning means for the agent, in their words. */
export const QUALITY_WARNING_TEXT: Record<string, string> = {
  'high-rtt': 'Long delay on the line',
  'high-jitter': 'Audio arrives unevenly (jitter)',
  'high-packet-loss': 'Audio is dropping out (packet loss)',
  'low-mos': 'Poor call quality',
  'constant-audio-input-level': 'Your microphone sends only silence: check its mute switch',
  'ice-disconnected': 'Connection interrupted; trying to restore it',
};

function renderQualityWarnings(call: CallSummary) {
  const warnings = call.qualityWarnings ?? [];
  if (warnings.length === 0) return nothing;
  return html`<ul class="quality-warnings" part="quality-warnings" role="status" aria-label="Call quality">
    ${warnings.map((name) => html`<li class="quality-warning" data-warning=${name}>${alertIcon} ${QUALITY_WARNING_TEXT[name] ?? name}</li>`)}
  </ul>`;
}

function renderUuid(call: CallSummary) {
  if (!call.genesysCallUuid) return nothing;
  return html`<div class="uuid-row"><span>Genesys call ID</span><span class="uuid" part="call-uuid">${call.genesysCallUuid}</span></div>`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
