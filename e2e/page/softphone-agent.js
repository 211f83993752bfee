// The softphone under test (`@wwe-webrtc/softphone`, bundled from its sources), driven with the same
// commands and reporting the same event types as the plain JsSIP agent.
import * as softphone from '@wwe-webrtc/softphone';

const CALL_COMMANDS = ['answer', 'hangup', 'hold', 'unhold', 'sendDtmf', 'transfer'];

export class SoftphoneAgent {
  /** Commands the library offers today (it is developed alongside this suite). */
  static capabilities() {
    if (typeof softphone.Softphone !== 'function') {
      throw Object.assign(new Error('@wwe-webrtc/softphone does not export the Softphone class yet'), { code: 'E2E_NOT_READY' });
    }
    const callPrototype = softphone.Call?.prototype ?? {};
    const phonePrototype = softphone.Softphone.prototype;
    return [
      'call',
      ...CALL_COMMANDS.filter((name) => typeof callPrototype[name] === 'function'),
      ...(typeof phonePrototype.preflight === 'function' ? ['preflight'] : []),
    ];
  }

  /**
   * `gatewayUrl`: TURN credentials from wwe-gateway there (`gatewayIceServers`); `iceServersGrant`: a
   * provider that hands out exactly that `{ iceServers, ttl }` (credentials made by the runner);
   * `qualityReportUrl`: each ended call's quality report goes to wwe-gateway there (`gatewayQualityReport`).
   */
  constructor({ user, password, wsUrl, domain, iceServers = [], iceTransportPolicy, gatewayUrl, iceServersGrant, qualityReportUrl, autoAnswer = true, dtmf, callRecovery, record }) {
    this.record = record;
    this.calls = [];
    const iceServersProvider = gatewayUrl
      ? softphone.gatewayIceServers({ gatewayUrl, dn: user, password })
      : iceServersGrant && (async () => iceServersGrant);
    const report = qualityReportUrl && softphone.gatewayQualityReport({ gatewayUrl: qualityReportUrl, dn: user, password });
    const qualityReport =
      report &&
      (async (summary, call) => {
        try {
          await report(summary, call);
          record('qualityReported', { uuid: call.genesysCallUuid });
        } catch (error) {
          record('qualityReportFailed', { uuid: call.genesysCallUuid, code: error.code, message: error.message });
        }
      });
    this.phone = new softphone.Softphone({
      server: wsUrl,
      dn: user,
      password,
      domain,
      iceServers,
      ...(iceServersProvider ? { iceServersProvider } : {}),
      ...(qualityReport ? { qualityReport } : {}),
      ...(iceTransportPolicy ? { iceTransportPolicy } : {}),
      autoAnswer: { enabled: autoAnswer },
      ...(dtmf ? { dtmf } : {}),
      ...(callRecovery ? { callRecovery } : {}),
    });
    this.phone.on('iceServersChanged', ({ iceServers: servers, expiresAt }) => record('iceServers', { urls: servers.flatMap((s) => s.urls), expiresAt }));
    this.phone.on('error', ({ error }) => record('error', { code: error.code, name: error.name, message: error.message }));
    this.phone.on('registrationStateChanged', ({ state, error }) => {
      record('registration', { state, code: error?.code });
      if (state === 'registered') record('registered');
      if (state === 'failed') record('registrationFailed', { code: error?.code });
    });
    this.phone.on('tabStateChanged', ({ state }) => record('tab', { state }));
    this.phone.on('ownerTabCallsChanged', ({ calls }) => record('ownerCalls', { calls }));
    this.phone.on('incomingCall', ({ call }) => this.#watch(call));
    this.phone.on('outgoingCall', ({ call }) => this.#watch(call));
    this.phone.on('autoAnswerDecision', (decision) =>
      record('decision', {
        answer: decision.answer,
        reason: decision.reason,
        signal: decision.signal?.kind,
        uuid: decision.callUuid,
        detail: decision.detail,
      }),
    );
  }

  connect() {
    return this.phone.connect();
  }

  disconnect() {
    return this.phone.disconnect();
  }

  /** "Use here": moves the DN from the tab that owns it to this one. */
  takeover() {
    return this.phone.takeover();
  }

  tabState() {
    return this.phone.tabState;
  }

  get current() {
    return this.calls.findLast((call) => call.state !== 'ended') ?? null;
  }

  state() {
    const call = this.current;
    if (!call) return 'idle';
    return { dialing: 'calling', answering: 'ringing' }[call.state] ?? call.state;
  }

  async call(target, { extraHeaders = [] } = {}) {
    await this.phone.call(target, { extraHeaders });
  }

  answer() {
    return this.#require().answer();
  }

  hangup() {
    this.#require().hangup();
  }

  hold() {
    return this.#require().hold();
  }

  unhold() {
    return this.#require().unhold();
  }

  sendDtmf(tones, options) {
    this.#require().sendDtmf(tones, options);
  }

  /** Starts a blind transfer; it completes when the target answers, so the outcome is an event. */
  transfer(target) {
    this.#require()
      .transfer(target)
      .then(
        () => this.record('transferred'),
        (error) => this.record('transferFailed', { code: error?.code, message: error?.message }),
      );
  }

  /** The current call's RTCPeerConnection. */
  connection() {
    return this.current?.peerConnection;
  }

  /** `preflight()` with a shorter echo call; resolves to the report (plain data). */
  preflight() {
    return this.phone.preflight({ echoDurationMs: 4000 });
  }

  #require() {
    const call = this.current;
    if (!call) throw Object.assign(new Error('no call'), { code: 'E2E_NO_CALL' });
    return call;
  }

  #iceWatched = new WeakSet();

  #watch(call) {
    this.calls.push(call);
    const uuid = call.genesysCallUuid;
    this.record('call', { direction: call.direction, uuid });
    call.on('stateChanged', ({ state, previous }) => {
      if (state === 'active' && previous !== 'held') this.record('confirmed', { uuid });
    });
    call.on('ended', ({ reason }) => this.record('ended', { reason, originator: reason === 'remote-hangup' ? 'remote' : 'local' }));
    call.on('dtmfReceived', ({ tone }) => this.record('dtmf', { tone }));
    call.on('holdChanged', ({ held, local, remote }) => this.record('hold', { held, local, remote }));
    call.on('quality', (sample) =>
      this.record('quality', {
        uuid,
        measured: sample.mos !== undefined,
        mos: sample.mos,
        rttMs: sample.rttMs,
        inboundLoss: sample.inbound.packetLoss,
        outboundLoss: sample.outbound.packetLoss,
        inboundJitterMs: sample.inbound.jitterMs,
      }),
    );
    call.on('qualityWarning', ({ name, state, value }) => this.record('qualityWarning', { uuid, name, state, value }));
    call.on('ended', () => this.record('qualitySummary', { uuid, ...call.qualitySummary }));
    call.on('reconnecting', ({ cause }) => this.record('reconnecting', { cause }));
    call.on('reconnected', ({ durationMs }) => this.record('reconnected', { durationMs }));
    call.on('stateChanged', ({ state }) => {
      if (state !== 'active' || this.#iceWatched.has(call)) return;
      const pc = call.peerConnection;
      if (!pc) return;
      this.#iceWatched.add(call);
      pc.addEventListener('iceconnectionstatechange', () => this.record('ice', { state: pc.iceConnectionState }));
    });
  }
}
