import { css } from 'lit';

// The call card, in-call controls, dialpad and footer. Custom properties (--_*) come from base-styles.ts.
export const panelStyles = css`
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

  .standby {
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: 14px 12px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .standby-text {
    margin: 0;
    font-size: 13px;
  }
  .call-card[data-reconnecting] [part='call-status'] {
    color: var(--_warning);
    font-weight: 600;
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

  /* Test my setup */
  .preflight {
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .preflight h2 {
    margin: 0;
    font-size: 15px;
  }
  .preflight-verdict {
    margin: 0;
    color: var(--_muted);
  }
  .preflight-verdict[data-ok='true'] {
    color: var(--_success);
  }
  .preflight-verdict[data-ok='false'] {
    color: var(--_danger);
  }
  .preflight-checks {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .preflight-check {
    display: grid;
    grid-template-columns: 1.4em 1fr;
    gap: 6px;
  }
  .preflight-mark {
    font-weight: 700;
    text-align: center;
    color: var(--_muted);
  }
  .preflight-check[data-status='passed'] .preflight-mark {
    color: var(--_success);
  }
  .preflight-check[data-status='warning'] .preflight-mark {
    color: var(--_warning);
  }
  .preflight-check[data-status='failed'] .preflight-mark {
    color: var(--_danger);
  }
  .preflight-label,
  .preflight-message {
    margin: 0;
  }
  .preflight-message {
    font-size: 12px;
    color: var(--_muted);
  }
  /* Quality warnings during a call */
  .quality-warnings {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .quality-warning {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 12px;
    color: var(--_warning);
  }
  .quality-warning svg {
    inline-size: 14px;
    block-size: 14px;
    flex: none;
  }
`;
