import { css } from 'lit';

// All styling lives in the shadow root. Hosts theme through the --wwe-* custom properties on the element
// and through ::part(); nothing leaks out to the page.
export const baseStyles = css`
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
  /* Dark preset: only the fallbacks change, so a host's own --wwe-* values still win. */
  :host([theme='dark']) {
    --_bg: var(--wwe-bg, #161b22);
    --_surface: var(--wwe-surface, #1f2630);
    --_text: var(--wwe-text, #e6edf3);
    --_muted: var(--wwe-muted, #9aa7b4);
    --_border: var(--wwe-border, #30363d);
    --_accent: var(--wwe-accent, #4493f8);
    --_success: var(--wwe-success, #2ea043);
    --_danger: var(--wwe-danger, #f85149);
    --_warning: var(--wwe-warning, #d29922);
    color-scheme: dark;
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
  form.row {
    flex-direction: row;
  }
  form.row > button {
    flex: none;
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
`;
