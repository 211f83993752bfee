// A plain JsSIP agent: the baseline the softphone is measured against, and the remote party in calls
// whose far end is not under test (a caller that adds Genesys' auto-answer headers). It honours the
// same auto-answer signals as the softphone, with JsSIP's default answer path (it waits for ICE
// gathering to complete before sending its SDP).
import JsSIP from 'jssip';

const AUTO_ANSWER = {
  'call-info': (request) => /answer-after\s*=\s*0\b/i.test(request.getHeader('Call-Info') ?? ''),
  'alert-info': (request) => /alert-autoanswer/i.test(request.getHeader('Alert-Info') ?? ''),
  'answer-mode': (request) => /^\s*auto\b/i.test(request.getHeader('Answer-Mode') ?? ''),
};

export class JssipAgent {
  static capabilities() {
    return ['call', 'answer', 'hangup', 'hold', 'unhold', 'sendDtmf', 'transfer'];
  }

  constructor({ user, password, wsUrl, domain, iceServers = [], iceTransportPolicy = 'all', autoAnswer = true, record }) {
    this.user = user;
    this.pcConfig = { iceServers, iceTransportPolicy };
    this.autoAnswer = autoAnswer;
    this.record = record;
    this.sessions = [];
    this.stream = null;
    this.ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(wsUrl)],
      uri: `sip:${user}@${domain}`,
      password,
      register: true,
      session_timers: false,
    });
    this.ua.on('registered', () => record('registered'));
    this.ua.on('registrationFailed', (event) => record('registrationFailed', { code: event.cause }));
    this.ua.on('unregistered', () => record('unregistered'));
    this.ua.on('newRTCSession', (event) => this.#onSession(event));
    this.ua.on('sipEvent', (event) => this.#onSipEvent(event));
  }

  async connect() {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const registered = new Promise((resolve, reject) => {
      this.ua.once('registered', resolve);
      this.ua.once('registrationFailed', (event) =>
        reject(Object.assign(new Error(`registration failed: ${event.cause}`), { code: event.cause })),
      );
    });
    this.ua.start();
    await registered;
  }

  async disconnect() {
    for (const session of this.sessions) if (!session.isEnded()) session.terminate();
    const unregistered = new Promise((resolve) => this.ua.once('unregistered', resolve));
    this.ua.unregister();
    await Promise.race([unregistered, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.ua.stop();
    this.stream?.getTracks().forEach((track) => track.stop());
  }

  call(target, { extraHeaders = [] } = {}) {
    this.ua.call(`sip:${target}@${this.ua.configuration.uri.host}`, {
      mediaStream: this.stream,
      pcConfig: this.pcConfig,
      extraHeaders,
    });
  }

  get current() {
    return this.sessions.findLast((session) => !session.isEnded()) ?? null;
  }

  state() {
    const session = this.current;
    if (!session) return 'idle';
    if (session.isEstablished()) return session.isOnHold().local ? 'held' : 'active';
    return session.direction === 'incoming' ? 'ringing' : 'calling';
  }

  hold() {
    this.current?.hold();
  }

  unhold() {
    this.current?.unhold();
  }

  sendDtmf(tones) {
    this.current?.sendDTMF(tones, { transportType: 'INFO' });
  }

  /** Blind transfer: REFER the far end to `target`, hang up once the REFER is accepted. */
  transfer(target) {
    const session = this.current;
    session?.refer(`sip:${target}@${this.ua.configuration.uri.host}`, {
      eventHandlers: { requestSucceeded: () => session.terminate() },
    });
  }

  answer() {
    this.current?.answer({ mediaStream: this.stream, pcConfig: this.pcConfig });
  }

  hangup() {
    this.current?.terminate();
  }

  /** The current call's RTCPeerConnection. */
  connection() {
    return this.current?.connection;
  }

  /** Re-INVITE in the call's dialog with an ICE restart (new ufrag/pwd): JsSIP's renegotiate(). */
  restartIce() {
    const session = this.current;
    if (!session) throw Object.assign(new Error('no call'), { code: 'E2E_NO_CALL' });
    return new Promise((resolve, reject) => {
      const started = session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }, () => resolve());
      if (!started) reject(Object.assign(new Error('JsSIP refused to renegotiate now'), { code: 'E2E_RENEGOTIATE' }));
      session.once('ended', () => reject(Object.assign(new Error('the call ended during the re-INVITE'), { code: 'E2E_ENDED' })));
    });
  }

  #onSession({ session, originator, request }) {
    this.sessions.push(session);
    const uuid = originator === 'remote' ? request.getHeader('X-Genesys-CallUUID') : undefined;
    session.genesysCallUuid = uuid;
    this.record('call', { direction: session.direction, uuid });
    session.on('confirmed', () => this.record('confirmed', { uuid }));
    const watchIce = (pc) => pc.addEventListener('iceconnectionstatechange', () => this.record('ice', { state: pc.iceConnectionState }));
    if (session.connection) watchIce(session.connection);
    else session.on('peerconnection', ({ peerconnection }) => watchIce(peerconnection));
    session.on('ended', (event) => this.record('ended', { cause: event.cause, originator: event.originator }));
    session.on('failed', (event) => this.record('ended', { cause: event.cause, originator: event.originator }));
    session.on('newDTMF', (event) => {
      if (event.originator === 'remote') this.record('dtmf', { tone: event.dtmf.tone });
    });
    // A blind transfer asks this party to call the target: accept it like a desk phone would.
    session.on('refer', (event) => {
      this.record('referred');
      event.accept(() => undefined, { mediaStream: this.stream, pcConfig: this.pcConfig });
    });
    if (originator !== 'remote') return;
    const signal = this.autoAnswer ? Object.keys(AUTO_ANSWER).find((kind) => AUTO_ANSWER[kind](request)) : undefined;
    const busy = this.sessions.some((other) => other !== session && other.isEstablished() && !other.isEnded());
    this.record('decision', { answer: Boolean(signal) && !busy, signal, uuid, reason: busy ? 'another-call-active' : undefined });
    if (signal && !busy) session.answer({ mediaStream: this.stream, pcConfig: this.pcConfig });
  }

  #onSipEvent({ event, request }) {
    if (event?.event !== 'talk') return;
    const uuid = request.getHeader('X-Genesys-CallUUID');
    const ringing = this.sessions.find(
      (session) => !session.isEnded() && !session.isEstablished() && session.direction === 'incoming' && session.genesysCallUuid === uuid,
    );
    this.record('decision', { answer: Boolean(ringing), signal: 'remote-answer', uuid });
    ringing?.answer({ mediaStream: this.stream, pcConfig: this.pcConfig });
  }
}
