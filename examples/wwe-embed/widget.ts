// The softphone page WWE loads in its web-content tab. In production, set `host-origins` in the HTML to
// WWE's origin (e.g. https://wwe.example.com) and `server` to Asterisk; never take them from the URL.
import '@wwe-webrtc/widget';
import type { WweSoftphone } from '@wwe-webrtc/widget';
import { LabMode } from '../standalone/lab-mode.js';

const phone = document.querySelector<WweSoftphone>('#phone')!;

// This demo's host page is served from the same origin as this page.
phone.hostOrigins = location.origin;

if (!phone.getAttribute('server')) {
  // No Asterisk configured: run against the in-page lab so the demo works anywhere.
  const lab = new LabMode();
  lab.configure(phone);
  Object.assign(window, { wweLab: lab });
}
