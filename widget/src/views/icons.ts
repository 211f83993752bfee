import { svg, type SVGTemplateResult } from 'lit';

// Small stroke icons (24×24 grid), decorative: every button also has a text label.
const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const phoneIcon = icon(
  svg`<path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z"/>`,
);
export const hangupIcon = icon(
  svg`<path d="M3 15.5c5-4.6 13-4.6 18 0l-2 2.5-3.3-1.3v-2.6a11 11 0 0 0-7.4 0v2.6L5 18z"/>`,
);
export const micIcon = icon(
  svg`<rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 10a7 7 0 0 0 14 0M12 17v5"/>`,
);
export const micOffIcon = icon(
  svg`<path d="M2 2l20 20M9 9v1a3 3 0 0 0 5.1 2.1M15 9.3V5a3 3 0 0 0-5.9-.7M19 10a7 7 0 0 1-1.1 3.8M5 10a7 7 0 0 0 11.3 5.5M12 17v5"/>`,
);
export const pauseIcon = icon(svg`<rect x="6" y="4" width="4" height="16" rx="1"/><rect x="14" y="4" width="4" height="16" rx="1"/>`);
export const playIcon = icon(svg`<path d="M7 4l13 8-13 8z"/>`);
export const keypadIcon = icon(
  svg`<circle cx="6" cy="5" r="1.3"/><circle cx="12" cy="5" r="1.3"/><circle cx="18" cy="5" r="1.3"/><circle cx="6" cy="11" r="1.3"/><circle cx="12" cy="11" r="1.3"/><circle cx="18" cy="11" r="1.3"/><circle cx="6" cy="17" r="1.3"/><circle cx="12" cy="17" r="1.3"/><circle cx="18" cy="17" r="1.3"/><circle cx="12" cy="22" r="1"/>`,
);
export const transferIcon = icon(svg`<path d="M17 3l4 4-4 4M21 7H9M7 21l-4-4 4-4M3 17h12"/>`);
export const alertIcon = icon(svg`<circle cx="12" cy="12" r="10"/><path d="M12 7v6M12 17h.01"/>`);
