/**
 * @wwe-webrtc/lab — a simulated Asterisk + Genesys SIP peer that runs inside the page (mock-socket),
 * speaks real SIP text and runs real WebRTC media. For tests, demos ("lab mode") and benchmarks.
 */
export { SipLab } from './sip-lab.js';
export type { SipLabOptions, SipLabEvents, InboundCallOptions, OutgoingBehaviour } from './sip-lab.js';
export type { SipFrame } from './wire.js';
export { LabCall } from './lab-call.js';
export type { LabCallState, LabCallEnd } from './lab-call.js';
export type { Contact, ContactChange } from './registrar.js';
export { genesysCallUuid, genesysHeaders } from './genesys.js';
export type { GenesysAutoAnswer } from './genesys.js';
export { parseSipMessage, formatSipMessage, parseNameAddr, SipHeaders, SipParseError } from './sip-message.js';
export type { SipMessage, SipRequest, SipResponse, NameAddr } from './sip-message.js';
