import { html, nothing } from 'lit';
import { alertIcon } from './icons.js';
import type { WidgetErrorInfo } from '../state.js';

export interface ConnectFormValues {
  server: string;
  dn: string;
  password: string;
  gatewayUrl: string;
}

export interface ConnectFormProps extends ConnectFormValues {
  busy: boolean;
  /** Whether the host opted in to storing the password (`remember-password`). */
  rememberPassword: boolean;
  onSubmit: (values: ConnectFormValues) => void;
}

export function renderConnectForm(props: ConnectFormProps) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const read = (name: string) => String(data.get(name) ?? '').trim();
    props.onSubmit({ server: read('server'), dn: read('dn'), password: String(data.get('password') ?? ''), gatewayUrl: read('gatewayUrl') });
  };
  return html`<form part="form" @submit=${submit} aria-label="Connect the softphone">
    <label>
      Server (WebSocket URL)
      <input name="server" type="url" required placeholder="wss://pbx.example.com:8089/ws" .value=${props.server} autocomplete="url" />
    </label>
    <div class="row">
      <label class="grow">
        DN
        <input name="dn" required inputmode="numeric" pattern="[0-9A-Za-z._+-]{1,32}" placeholder="5001" .value=${props.dn} autocomplete="username" />
      </label>
      <label class="grow">
        Password
        <input name="password" type="password" .value=${props.password} autocomplete="current-password" />
      </label>
    </div>
    <details>
      <summary>Gateway (optional)</summary>
      <label>
        Gateway URL, for Genesys status
        <input name="gatewayUrl" type="url" placeholder="https://gateway.example.com" .value=${props.gatewayUrl} />
      </label>
    </details>
    <button class="primary wide" part="button connect-button" type="submit" ?disabled=${props.busy}>
      ${props.busy ? 'Connecting…' : 'Connect'}
    </button>
    <p class="hint">${props.rememberPassword ? 'The password is remembered on this computer.' : 'The password is not stored.'}</p>
  </form>`;
}

export function renderError(error: WidgetErrorInfo | undefined, onDismiss: () => void) {
  if (!error) return nothing;
  return html`<div class="alert" part="error" role="alert" data-code=${error.code}>
    ${alertIcon}
    <p>${error.message} <code>${error.code}</code></p>
    <button class="link" type="button" @click=${onDismiss} aria-label="Dismiss error">✕</button>
  </div>`;
}

/** While the WebSocket opens and the DN registers, or after the connection dropped. */
export function renderConnecting(reconnecting: boolean, onCancel: () => void) {
  return html`<section class="call-card" part="connecting" aria-busy="true">
    <p class="call-label">${reconnecting ? 'Connection lost' : 'Connecting'}</p>
    <p class="idle">${reconnecting ? 'Reconnecting to the server…' : 'Opening the microphone and registering…'}</p>
    <button type="button" part="button cancel-button" @click=${onCancel}>Cancel</button>
  </section>`;
}
