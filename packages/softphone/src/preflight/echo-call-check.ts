// The echo test: a short call to an extension that sends the agent's own audio back (Asterisk's
// Echo()), measured with the same quality monitor as every call.
import type { ResolvedQualityOptions } from '../quality/quality-options.js';
import { worseJitterMs, worsePacketLoss, type CallQualitySample } from '../quality/quality-sample.js';
import type { CheckOutcome } from './microphone-check.js';
import type { EchoCall, PreflightDetails } from './preflight-types.js';

export interface EchoProbe {
  /** Places the test call; rejects when it cannot be placed. */
  call(target: string): Promise<EchoCall>;
}

export interface EchoCallSettings {
  readonly target: string;
  readonly durationMs: number;
  readonly callTimeoutMs: number;
  readonly quality: ResolvedQualityOptions;
}

export async function checkEchoCall(probe: EchoProbe, settings: EchoCallSettings): Promise<CheckOutcome<PreflightDetails['echo-call']>> {
  const { target } = settings;
  const empty = { target, mos: undefined, rttMs: undefined, jitterMs: undefined, packetLoss: undefined, echoLevel: undefined, summary: undefined };
  let call: EchoCall;
  try {
    call = await probe.call(target);
  } catch (error) {
    return { status: 'failed', message: `The test call to ${target} could not be placed: ${error instanceof Error ? error.message : String(error)}`, details: empty };
  }
  const samples: CallQualitySample[] = [];
  const stopListening = call.onSample((sample) => samples.push(sample));
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), settings.callTimeoutMs)));
    const answered = await Promise.race([call.answered.then(() => 'answered' as const), timedOut]).catch((error: unknown) => error as Error);
    clearTimeout(timer);
    if (answered !== 'answered') {
      const why = answered === 'timeout' ? `did not answer within ${settings.callTimeoutMs / 1000} s` : `ended: ${answered.message}`;
      return {
        status: 'failed',
        message: `The echo test extension ${target} ${why}. Check that Asterisk runs the generated extensions.conf (dialplan reload) with the same echo extension.`,
        details: empty,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, settings.durationMs));
  } finally {
    stopListening();
    call.hangup();
  }
  return judge(samples, call, settings);
}

function judge(samples: readonly CallQualitySample[], call: EchoCall, settings: EchoCallSettings): CheckOutcome<PreflightDetails['echo-call']> {
  const summary = call.summary;
  const flowing = samples.filter((sample) => (sample.inbound.bitrateKbps ?? 0) > 0);
  const echoLevel = Math.max(0, ...samples.map((sample) => sample.inbound.audioLevel ?? 0));
  const details = {
    target: settings.target,
    mos: summary.mos?.avg,
    rttMs: summary.rttMs?.avg,
    jitterMs: summary.jitterMs?.max,
    packetLoss: summary.packetLoss?.max,
    echoLevel: Math.round(echoLevel * 1000) / 1000,
    summary,
  };
  if (flowing.length === 0) {
    return {
      status: 'failed',
      message: `The call to ${settings.target} was answered but no audio came back: UDP media between this browser and Asterisk is blocked. Open Asterisk's RTP ports from this network, or configure a TURN server.`,
      details,
    };
  }
  const { mos, rttMs, jitterMs, packetLoss } = settings.quality.thresholds;
  const measured = `MOS ${details.mos ?? '?'}, round trip ${details.rttMs ?? '?'} ms, jitter up to ${details.jitterMs ?? '?'} ms, loss up to ${percent(details.packetLoss)}`;
  const problems: string[] = [];
  if ((details.rttMs ?? 0) > rttMs.raise) problems.push('the round trip is long (a distant server, a VPN or a satellite link)');
  const worstJitter = Math.max(0, ...samples.map((sample) => worseJitterMs(sample) ?? 0));
  const worstLoss = Math.max(0, ...samples.map((sample) => worsePacketLoss(sample) ?? 0));
  if (worstLoss > packetLoss.raise || worstJitter > jitterMs.raise) {
    problems.push('packets are lost or arrive unevenly (Wi-Fi, or a busy connection): use a cable, or close downloads and video');
  }
  if (details.mos !== undefined && details.mos < mos.clear) problems.push(`the estimated quality is below ${mos.clear}`);
  if (problems.length > 0) return { status: 'warning', message: `Calls will sound poor (${measured}): ${problems.join('; ')}.`, details };
  return { status: 'passed', message: `Audio went to Asterisk and back cleanly (${measured}).`, details };
}

function percent(ratio: number | undefined): string {
  return ratio === undefined ? '?' : `${Math.round(ratio * 1000) / 10} %`;
}
