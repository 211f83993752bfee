// What the panel shows above any view: the error banner, and the card while connecting.
import { html, nothing } from 'lit';
import { alertIcon } from './icons.js';
import type { WidgetErrorInfo } from '../state.js';

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
