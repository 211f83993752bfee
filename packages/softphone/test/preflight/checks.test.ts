import { expect } from 'chai';
import { MediaError, RegistrationError } from '../../src/errors.js';
import { InputLevelMeter } from '../../src/media/input-level.js';
import { DEFAULT_QUALITY_OPTIONS } from '../../src/quality/quality-options.js';
import type { CallQualitySample } from '../../src/quality/quality-sample.js';
import { QualitySummaryBuilder } from '../../src/quality/quality-summary.js';
import { checkConnection } from '../../src/preflight/connection-check.js';
import { checkEchoCall } from '../../src/preflight/echo-call-check.js';
import { checkIce, checkTurn, countIceServers, gatherCandidates } from '../../src/preflight/ice-check.js';
import { checkMicrophone } from '../../src/preflight/microphone-check.js';
import type { EchoCall } from '../../src/preflight/preflight-types.js';

describe('preflight checks', () => {
  describe('microphone', () => {
    it('passes on the fake microphone (it beeps) and names the device', async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const track = stream.getAudioTracks()[0]!;
      const meter = new InputLevelMeter();
      try {
        const outcome = await checkMicrophone({ acquire: async () => track, level: () => meter.read(track) }, 1000);
        expect(outcome.status).to.equal('passed');
        expect(outcome.details.peakLevel).to.be.greaterThan(0.01);
        expect(outcome.message).to.match(/works/);
      } finally {
        meter.close();
        track.stop();
      }
    });

    it('warns about a microphone that is open but silent', async () => {
      const context = new AudioContext();
      const track = context.createMediaStreamDestination().stream.getAudioTracks()[0]!;
      const meter = new InputLevelMeter();
      try {
        const outcome = await checkMicrophone({ acquire: async () => track, level: () => meter.read(track) }, 500);
        expect(outcome.status).to.equal('warning');
        expect(outcome.message).to.match(/we hear almost nothing/);
      } finally {
        meter.close();
        track.stop();
        await context.close();
      }
    });

    it('fails with the MediaError message when access is denied', async () => {
      const denied = new MediaError('MIC_PERMISSION_DENIED', 'Microphone access was denied. Allow the microphone for this site and reconnect.');
      const outcome = await checkMicrophone({ acquire: () => Promise.reject(denied), level: () => 0 }, 100);
      expect(outcome).to.deep.equal({ status: 'failed', message: denied.message, details: { deviceLabel: undefined, peakLevel: undefined, errorCode: 'MIC_PERMISSION_DENIED' } });
    });
  });

  describe('connection', () => {
    const probe = (connect: () => Promise<void>, registered = false) => ({ server: 'wss://pbx.example.com:8089/ws', dn: '5001', registered, connect });
    const check = (p: ReturnType<typeof probe>) => checkConnection(p, 1000);

    it('passes at once when already registered', async () => {
      const outcome = await check(probe(() => Promise.reject(new Error('not called')), true));
      expect(outcome.status).to.equal('passed');
      expect(outcome.details.alreadyConnected).to.equal(true);
    });

    it('says the password is wrong on AUTH_FAILED, and what to open on SERVER_UNREACHABLE', async () => {
      const auth = await check(probe(() => Promise.reject(new RegistrationError('AUTH_FAILED', 'refused', { statusCode: 403 }))));
      expect(auth.status).to.equal('failed');
      expect(auth.message).to.match(/refused DN 5001's password/);
      expect(auth.details).to.include({ errorCode: 'AUTH_FAILED', statusCode: 403 });
      const unreachable = await check(probe(() => Promise.reject(new RegistrationError('SERVER_UNREACHABLE', 'down'))));
      expect(unreachable.message).to.match(/Cannot reach wss:\/\/pbx\.example\.com:8089\/ws.*port 8089 is open.*certificate/);
    });

    it('stops waiting for a server that never answers (the softphone would retry forever)', async () => {
      const started = performance.now();
      const outcome = await checkConnection(probe(() => new Promise<void>(() => {})), 300);
      expect(outcome.status).to.equal('failed');
      expect(outcome.details.errorCode).to.equal('SERVER_UNREACHABLE');
      expect(performance.now() - started).to.be.lessThan(3000);
    });
  });

  describe('ICE and TURN', () => {
    it('counts STUN and TURN URLs', () => {
      expect(countIceServers([{ urls: 'stun:stun.example.com' }, { urls: ['turn:t.example.com:3478?transport=udp', 'turns:t.example.com:5349'], username: 'u', credential: 'c' }])).to.deep.equal({ stun: 1, turn: 2 });
    });

    it('gathers host candidates with no servers: ICE passes, TURN is skipped with advice', async () => {
      const gathered = await gatherCandidates({ iceServers: [] }, 3000);
      expect(gathered.types).to.include('host');
      expect(checkIce(gathered, []).status).to.equal('passed');
      const turn = checkTurn(gathered, []);
      expect(turn.status).to.equal('skipped');
      expect(turn.message).to.match(/No TURN server is configured/);
    });

    it('warns when STUN never answers, and fails TURN when no relay comes', async () => {
      // Nothing listens on this loopback port: no server reflexive or relay address can come back.
      const iceServers = [{ urls: 'stun:127.0.0.1:9' }, { urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'c' }];
      const gathered = await gatherCandidates({ iceServers }, 1500);
      expect(gathered.types).to.not.include('relay');
      expect(checkIce(gathered, iceServers).status).to.equal('warning');
      const turn = checkTurn(gathered, iceServers);
      expect(turn.status).to.equal('failed');
      expect(turn.message).to.match(/3478.*5349/);
    });

    it('fails ICE when the browser offers no address at all', () => {
      expect(checkIce({ types: [], relayProtocols: [], durationMs: 5 }, []).status).to.equal('failed');
      expect(checkTurn({ types: ['host', 'relay'], relayProtocols: ['tls'], durationMs: 5 }, [{ urls: 'turns:t.example.com' }]).message).to.equal('The TURN server allocated a relay over tls.');
    });
  });

  describe('echo call', () => {
    function sample(at: number, values: { rttMs?: number; loss?: number; jitterMs?: number; kbps?: number; level?: number; mos?: number }): CallQualitySample {
      const stream = { packetLoss: values.loss ?? 0, jitterMs: values.jitterMs ?? 2, bitrateKbps: values.kbps ?? 64, audioLevel: values.level ?? 0.2, mos: values.mos ?? 4.4 };
      return { at, codec: 'PCMU', rttMs: values.rttMs ?? 20, jitterBufferMs: 20, candidatePair: undefined, inbound: stream, outbound: stream, mos: values.mos ?? 4.4 };
    }

    /** An echo call that answers (or not) and then plays `samples`, one per 50 ms. */
    function scriptedCall(samples: CallQualitySample[], answered: Promise<void> = Promise.resolve()): EchoCall & { hungUp: boolean } {
      const builder = new QualitySummaryBuilder();
      const listeners = new Set<(s: CallQualitySample) => void>();
      const call = {
        hungUp: false,
        answered,
        onSample(listener: (s: CallQualitySample) => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        hangup() {
          call.hungUp = true;
        },
        get summary() {
          return builder.build();
        },
      };
      void answered.then(async () => {
        for (const s of samples) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          builder.addSample(s);
          for (const listener of listeners) listener(s);
        }
      }, () => {});
      return call;
    }
    const settings = { target: '*43', durationMs: 400, callTimeoutMs: 300, quality: DEFAULT_QUALITY_OPTIONS };

    it('passes a clean echo and reports its numbers', async () => {
      const call = scriptedCall([sample(1, {}), sample(2, { level: 0.3 }), sample(3, {})]);
      const outcome = await checkEchoCall({ call: async () => call }, settings);
      expect(outcome.status).to.equal('passed');
      expect(outcome.details).to.include({ target: '*43', mos: 4.4, rttMs: 20, echoLevel: 0.3 });
      expect(call.hungUp).to.equal(true);
    });

    it('warns with advice when the echo shows loss and a long round trip', async () => {
      const call = scriptedCall([sample(1, { loss: 0.08, rttMs: 600, mos: 3.1 }), sample(2, { loss: 0.1, rttMs: 650, mos: 3 })]);
      const outcome = await checkEchoCall({ call: async () => call }, settings);
      expect(outcome.status).to.equal('warning');
      expect(outcome.message).to.match(/round trip is long/).and.match(/use a cable/).and.match(/below 3\.8/);
    });

    it('fails when no audio comes back, when the extension never answers, and when the call cannot be placed', async () => {
      const silent = await checkEchoCall({ call: async () => scriptedCall([sample(1, { kbps: 0 })]) }, settings);
      expect(silent.status).to.equal('failed');
      expect(silent.message).to.match(/no audio came back/);
      const unanswered = scriptedCall([], new Promise<void>(() => {}));
      const timeout = await checkEchoCall({ call: async () => unanswered }, settings);
      expect(timeout.message).to.match(/^The echo test extension \*43 did not answer within 0.3 s\. Check/);
      expect(unanswered.hungUp).to.equal(true);
      const rejected = await checkEchoCall({ call: async () => scriptedCall([], Promise.reject(new Error('404 Not Found'))) }, settings);
      expect(rejected.message).to.match(/ended: 404 Not Found/);
      const refused = await checkEchoCall({ call: () => Promise.reject(new Error('Not registered')) }, settings);
      expect(refused.message).to.equal('The test call to *43 could not be placed: Not registered');
    });
  });
});
