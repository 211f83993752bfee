// The whole panel: header, the connect form or the calls, the footer, and the live-region announcement.
// Pure rendering from plain data; what a button does is the element's business (`SoftphoneViewDelegate`).
import { html, nothing } from 'lit';
import { renderActiveCall, renderIncomingCall } from './calls.js';
import type * as ConnectFormView from './connect-form.js';
import type { ConnectFormValues } from './connect-form.js';
import type * as PreflightView from './preflight.js';
import type * as StandbyView from './standby.js';
import { renderDialpad } from './dialpad.js';
import { renderFooter, type DeviceChoice } from './footer.js';
import { renderHeader } from './header.js';
import type { PreflightRow } from './preflight.js';
import { renderConnecting, renderError } from './status.js';
import type { CallSummary, SoftphoneSnapshot } from '../state.js';

export interface SoftphoneViewModel {
  snapshot: SoftphoneSnapshot;
  /** The incoming call waiting for the agent, and the call the controls act on. */
  ringing: CallSummary | undefined;
  current: CallSummary | undefined;
  settings: { server: string; dn: string; password: string; displayName: string; gatewayUrl: string; rememberPassword: boolean; autoAnswer: boolean };
  devices: { inputs: DeviceChoice[]; outputs: DeviceChoice[]; inputId: string; outputId: string };
  /** Microphone level 0…1. */
  level: number;
  /** What the agent is typing on the dialpad; which panels are open; the clock for call timers. */
  dialValue: string;
  keypadOpen: boolean;
  transferOpen: boolean;
  now: number;
  /** "Test my setup", while it is on screen. */
  preflight: { rows: PreflightRow[]; running: boolean; ok: boolean | undefined } | undefined;
}

/**
 * Views in chunks of their own, as few agents see them (the connect form is not needed when the host
 * configures the element). Each is undefined until loaded; asking for it starts the load.
 */
export interface LazyViews {
  connectForm(): typeof ConnectFormView | undefined;
  standby(): typeof StandbyView | undefined;
  preflight(): typeof PreflightView | undefined;
}

/** What the agent can do from the panel. */
export interface SoftphoneViewDelegate {
  connect(values: ConnectFormValues): void;
  disconnect(): void;
  /** "Use here": move the DN from the tab that owns it to this one. */
  takeover(): void;
  dismissError(): void;
  answer(callId: string): void;
  hangup(callId: string): void;
  mute(callId: string, muted: boolean): void;
  hold(callId: string, held: boolean): void;
  sendDtmf(callId: string, tones: string): void;
  transfer(callId: string, target: string): void;
  dial(target: string): void;
  setDialValue(value: string): void;
  toggleKeypad(): void;
  toggleTransfer(): void;
  setAutoAnswer(enabled: boolean): void;
  selectInput(deviceId: string): void;
  selectOutput(deviceId: string): void;
  /** The device panel opened or closed (the level meter runs only while it is open). */
  watchLevel(open: boolean): void;
  /** "Test my setup": show it, run the checks, go back. */
  openPreflight(): void;
  runPreflight(): void;
  closePreflight(): void;
}

export function renderSoftphone(model: SoftphoneViewModel, actions: SoftphoneViewDelegate, views: LazyViews) {
  const { snapshot, settings } = model;
  const standingBy = snapshot.tab === 'standby' || snapshot.tab === 'taking-over';
  const connected = standingBy || (snapshot.connection !== 'disconnected' && snapshot.connection !== 'failed');
  return html`
    ${renderHeader({
      dn: settings.dn,
      displayName: settings.displayName,
      connection: snapshot.connection,
      standingBy,
      presence: settings.gatewayUrl && connected ? snapshot.presence : null,
    })}
    <main part="body">
      ${renderError(snapshot.error, actions.dismissError)}
      ${model.preflight
        ? (views.preflight()?.renderPreflight({ ...model.preflight, onRun: actions.runPreflight, onClose: actions.closePreflight }) ?? nothing)
        : standingBy
        ? (views.standby()?.renderStandby({ otherTabCalls: snapshot.otherTabCalls, takingOver: snapshot.tab === 'taking-over', onUseHere: actions.takeover }) ?? nothing)
        : !connected
        ? (views.connectForm()?.renderConnectForm({
            server: settings.server,
            dn: settings.dn,
            password: settings.password,
            gatewayUrl: settings.gatewayUrl,
            busy: snapshot.connection === 'connecting',
            rememberPassword: settings.rememberPassword,
            onSubmit: actions.connect,
          }) ?? nothing)
        : snapshot.connection !== 'registered' && snapshot.calls.length === 0
          ? renderConnecting(snapshot.connection === 'reconnecting', actions.disconnect)
          : renderCalls(model, actions)}
    </main>
    ${renderFooter({
      connected,
      autoAnswer: settings.autoAnswer,
      ...model.devices,
      level: connected && !standingBy ? model.level : null,
      onAutoAnswer: actions.setAutoAnswer,
      onInput: actions.selectInput,
      onOutput: actions.selectOutput,
      onDisconnect: actions.disconnect,
      onDevicesToggle: actions.watchLevel,
      onTestSetup: actions.openPreflight,
    })}
    <div class="visually-hidden" role="status" aria-live="polite" part="announcer">${announcement(model, views)}</div>
  `;
}

function renderCalls(model: SoftphoneViewModel, actions: SoftphoneViewDelegate) {
  const { ringing, current } = model;
  const others = model.snapshot.calls.filter((call) => call !== ringing && call !== current && call.state !== 'ended');
  return html`
    ${ringing
      ? renderIncomingCall({ call: ringing, onAnswer: () => actions.answer(ringing.id), onDecline: () => actions.hangup(ringing.id) })
      : nothing}
    ${current
      ? html`${renderActiveCall({
          call: current,
          now: model.now,
          keypadOpen: model.keypadOpen,
          transferOpen: model.transferOpen,
          onHangup: () => actions.hangup(current.id),
          onMute: () => actions.mute(current.id, !current.muted),
          onHold: () => actions.hold(current.id, current.state !== 'held'),
          onToggleKeypad: actions.toggleKeypad,
          onToggleTransfer: actions.toggleTransfer,
          onTransfer: (target) => actions.transfer(current.id, target),
        })}
        ${model.keypadOpen ? renderDialpad({ id: 'in-call-keypad', label: 'Send tones', onKey: (key) => actions.sendDtmf(current.id, key) }) : nothing}`
      : nothing}
    ${others.length > 0 ? html`<p class="other-calls">${others.length} more call${others.length > 1 ? 's' : ''} on hold</p>` : nothing}
    ${!ringing && !current
      ? html`<p class="idle" part="idle">Ready for calls${model.settings.autoAnswer ? ' · auto-answer on' : ''}</p>
          ${renderDialpad({
            id: 'dialpad',
            label: 'Dialpad',
            value: model.dialValue,
            onInput: actions.setDialValue,
            onKey: (key) => actions.setDialValue(model.dialValue + key),
            onCall: () => {
              const target = model.dialValue.trim();
              if (target) actions.dial(target);
            },
          })}`
      : nothing}
  `;
}

function announcement({ ringing, current, snapshot, preflight }: SoftphoneViewModel, views: LazyViews): string {
  if (ringing) return `Incoming call from ${ringing.remoteName ?? ringing.remote}`;
  if (preflight?.running) return `Testing: ${views.preflight()?.PREFLIGHT_LABELS[preflight.rows.find((row) => row.status === 'running')?.name ?? ''] ?? 'starting'}`;
  if (preflight && preflight.ok !== undefined) return preflight.ok ? 'Setup test passed' : 'Setup test found problems';
  if (current) return current.state === 'held' ? `Call with ${current.remote} on hold` : `In call with ${current.remote}`;
  if (snapshot.tab === 'standby') return 'Softphone active in another tab';
  if (snapshot.connection === 'registered') return 'Softphone ready';
  return '';
}
