import { css } from 'lit';

// All styling lives in the shadow root. Hosts theme through the --wwe-* custom properties on the element
// and through ::part(); nothing leaks out to the page.
export const styles = css`
  :host {
    --_bg: var(--wwe-bg, #ffffff);
    --_surface: var(--wwe-surface, #f5f7fa);
    --_text: var(--wwe-text, #1c2430);
    --_muted: var(--wwe-muted, #5d6b7c);
    --_border: var(--wwe-border, #dde3ea);
    --_accent: var(--wwe-accent, #1f6feb);
    --_accent-text: var(--wwe-accent-text, #ffffff);
    --_success: var(--wwe-success, #1a7f37);
    --_danger: var(--wwe-danger, #cf222e);
    --_warning: var(--wwe-warning, #9a6700);
    --_radius: var(--wwe-radius, 10px);
    --_focus: var(--wwe-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 35%, transparent));

    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    inline-size: 100%;
    block-size: 100%;
    min-block-size: 420px;
    max-inline-size: var(--wwe-max-width, 420px);
    overflow: hidden;
    font: 14px/1.4 var(--wwe-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Header: who am I, am I reachable */
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 12px;
    border-block-end: 1px solid var(--_border);
    min-block-size: 48px;
  }
  .identity {
    flex: 1;
    min-inline-size: 0;
  }
  .identity strong {
    display: block;
    font-size: 15px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .identity span {
    display: block;
    font-size: 12px;
    color: var(--_muted);
  }
  .pill {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 9px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
    white-space: nowrap;
    background: var(--_surface);
    color: var(--_muted);
  }
  .pill::before {
    content: '';
    inline-size: 8px;
    block-size: 8px;
    border-radius: 50%;
    background: currentColor;
  }
  .pill[data-tone='ok'] {
    color: var(--_success);
    background: color-mix(in srgb, var(--_success) 12%, transparent);
  }
  .pill[data-tone='busy'] {
    color: var(--_warning);
    background: color-mix(in srgb, var(--_warning) 12%, transparent);
  }
  .pill[data-tone='bad'] {
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 12%, transparent);
  }
  .pills {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 3px;
  }
  .pill.small {
    font-size: 11px;
    font-weight: 500;
    padding: 0 7px;
  }

  main {
    flex: 1;
    overflow-y: auto;
    padding: 12px;
    display: flex;
    flex-direction: column;
    gap: 12px;
  }

  .alert {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    padding: 8px 10px;
    border-radius: 8px;
    font-size: 13px;
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 9%, var(--_bg));
    border: 1px solid color-mix(in srgb, var(--_danger) 30%, transparent);
  }
  .alert p {
    margin: 0;
    flex: 1;
  }
  .alert code {
    font-size: 11px;
    opacity: 0.8;
  }

  /* Forms */
  form {
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  input,
  select {
    font: inherit;
    font-weight: 400;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 7px 9px;
    min-block-size: 36px;
    inline-size: 100%;
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible,
  summary:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
    border-color: var(--_accent);
  }
  details summary {
    cursor: pointer;
    font-size: 12px;
    color: var(--_muted);
    border-radius: 4px;
  }
  details[open] summary {
    margin-block-end: 8px;
  }
  .hint {
    font-size: 12px;
    color: var(--_muted);
    margin: 0;
  }

  /* Buttons */
  button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_text);
    min-block-size: 36px;
    padding: 6px 12px;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
  }
  button:hover:not(:disabled) {
    background: var(--_surface);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button.primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_accent) 88%, black);
  }
  button.answer {
    background: var(--_success);
    border-color: var(--_success);
    color: #fff;
  }
  button.answer:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_success) 85%, black);
  }
  button.hangup {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  button.hangup:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_danger) 85%, black);
  }
  button[aria-pressed='true'] {
    background: color-mix(in srgb, var(--_accent) 14%, var(--_bg));
    border-color: var(--_accent);
    color: var(--_accent);
  }
  button.wide {
    inline-size: 100%;
    min-block-size: 42px;
  }
  button.link {
    border: none;
    background: none;
    color: var(--_accent);
    padding: 4px;
    min-block-size: 0;
  }
  svg {
    inline-size: 16px;
    block-size: 16px;
    flex: none;
  }

  /* Calls */
  .call-card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 14px 12px;
    display: flex;
    flex-direction: column;
    gap: 12px;
    background: var(--_surface);
  }
  .call-card.ringing {
    border-color: color-mix(in srgb, var(--_success) 60%, transparent);
    background: color-mix(in srgb, var(--_success) 7%, var(--_bg));
    animation: ring 1.6s ease-in-out infinite;
  }
  @keyframes ring {
    50% {
      box-shadow: 0 0 0 4px color-mix(in srgb, var(--_success) 18%, transparent);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .call-card.ringing {
      animation: none;
    }
  }
  .call-label {
    font-size: 11px;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--_muted);
    margin: 0;
  }
  .call-remote {
    margin: 0;
    font-size: 22px;
    font-weight: 650;
    line-height: 1.2;
    overflow-wrap: anywhere;
  }
  .call-name {
    margin: 0;
    color: var(--_muted);
  }
  .call-meta {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    font-size: 12px;
    color: var(--_muted);
  }
  .uuid-row {
    display: flex;
    flex-direction: column;
    gap: 1px;
    font-size: 11px;
    color: var(--_muted);
  }
  .uuid {
    font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-size: 11px;
    overflow-wrap: anywhere;
  }
  .row {
    display: flex;
    gap: 8px;
  }
  .row > button,
  .grow {
    flex: 1;
    min-inline-size: 0;
  }
  .controls {
    display: grid;
    grid-template-columns: repeat(4, 1fr);
    gap: 6px;
  }
  .controls button {
    flex-direction: column;
    gap: 2px;
    font-size: 11px;
    padding: 6px 2px;
    min-block-size: 52px;
  }
  .controls svg {
    inline-size: 18px;
    block-size: 18px;
  }
  .other-calls {
    font-size: 12px;
    color: var(--_muted);
    margin: 0;
  }

  /* Dialpad */
  .dialpad {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
  }
  .dialpad button {
    min-block-size: 40px;
    font-size: 17px;
    font-weight: 550;
    flex-direction: column;
    gap: 0;
    line-height: 1.1;
  }
  .dialpad button small {
    font-size: 9px;
    letter-spacing: 0.1em;
    color: var(--_muted);
    font-weight: 600;
  }
  .dial-input {
    font-size: 18px;
    text-align: center;
    letter-spacing: 0.04em;
  }
  .dial-input::placeholder {
    font-size: 14px;
    letter-spacing: normal;
    color: var(--_muted);
  }

  .idle {
    text-align: center;
    color: var(--_muted);
    margin: 0;
    font-size: 13px;
  }

  /* Footer: how calls are answered, devices, session */
  footer {
    border-block-start: 1px solid var(--_border);
    padding: 8px 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .switch {
    display: flex;
    flex-direction: row;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    font-size: 13px;
    color: var(--_text);
    font-weight: 500;
  }
  .switch input {
    appearance: none;
    inline-size: 36px;
    block-size: 20px;
    min-block-size: 0;
    padding: 0;
    border-radius: 999px;
    background: var(--_border);
    border: none;
    position: relative;
    cursor: pointer;
    flex: none;
    transition: background 0.15s;
  }
  .switch input::after {
    content: '';
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: 16px;
    block-size: 16px;
    border-radius: 50%;
    background: #fff;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.3);
    transition: transform 0.15s;
  }
  .switch input:checked {
    background: var(--_success);
  }
  .switch input:checked::after {
    transform: translateX(16px);
  }
  .footer-row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  .devices {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  meter {
    inline-size: 100%;
    block-size: 6px;
  }
`;
