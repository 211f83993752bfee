// `preflight()`: the checks in order, each with its own result. A check that needs an earlier one that
// failed is skipped and says so, rather than failing for a reason the agent already sees above it.
import type { ResolvedQualityOptions } from '../quality/quality-options.js';
import { checkConnection, type ConnectionProbe } from './connection-check.js';
import { checkEchoCall, type EchoProbe } from './echo-call-check.js';
import { checkIce, checkTurn, gatherCandidates, type ConnectionFactory, type GatheredCandidates } from './ice-check.js';
import { checkMicrophone, type CheckOutcome, type MicrophoneProbe } from './microphone-check.js';
import {
  PREFLIGHT_DEFAULTS,
  type AnyPreflightCheck,
  type PreflightCheck,
  type PreflightCheckName,
  type PreflightDetails,
  type PreflightOptions,
  type PreflightReport,
} from './preflight-types.js';

/** Everything the checks need from the softphone. */
export interface PreflightContext {
  readonly microphone: MicrophoneProbe;
  readonly connection: ConnectionProbe;
  readonly echo: EchoProbe;
  /** The STUN/TURN servers calls would use now. */
  iceConfiguration(): RTCConfiguration;
  readonly quality: ResolvedQualityOptions;
  readonly createConnection?: ConnectionFactory;
}

export async function runPreflight(context: PreflightContext, options: PreflightOptions = {}): Promise<PreflightReport> {
  const settings = { ...PREFLIGHT_DEFAULTS, ...withoutUndefined(options) };
  const startedAt = Date.now();
  const checks: AnyPreflightCheck[] = [];
  const run = async <N extends PreflightCheckName>(name: N, body: () => Promise<CheckOutcome<PreflightDetails[N]>> | CheckOutcome<PreflightDetails[N]>) => {
    options.onProgress?.({ name, status: 'running' });
    const started = performance.now();
    const outcome = await body();
    const check = { name, ...outcome, durationMs: Math.round(performance.now() - started) } as PreflightCheck<N>;
    checks.push(check as unknown as AnyPreflightCheck);
    options.onProgress?.(check as unknown as AnyPreflightCheck);
    return check;
  };

  const microphone = await run('microphone', () => checkMicrophone(context.microphone, settings.microphoneListenMs));
  const connection = await run('connection', () => checkConnection(context.connection, settings.connectTimeoutMs));
  const configuration = context.iceConfiguration();
  let gathered: GatheredCandidates | undefined;
  const gather = async () => (gathered ??= await gatherCandidates(configuration, settings.iceTimeoutMs, context.createConnection));
  await run('ice', async () => checkIce(await gather(), configuration.iceServers ?? []));
  await run('turn', async () => checkTurn(await gather(), configuration.iceServers ?? []));
  const blockers = [microphone, connection].filter((check) => check.status === 'failed').map((check) => check.name);
  await run('echo-call', () =>
    blockers.length > 0
      ? {
          status: 'skipped',
          message: `Not tried: the ${blockers.join(' and ')} check${blockers.length > 1 ? 's' : ''} failed; fix that first.`,
          details: { target: settings.echoTarget, mos: undefined, rttMs: undefined, jitterMs: undefined, packetLoss: undefined, echoLevel: undefined, summary: undefined },
        }
      : checkEchoCall(context.echo, { target: settings.echoTarget, durationMs: settings.echoDurationMs, callTimeoutMs: settings.callTimeoutMs, quality: context.quality }),
  );
  return { ok: checks.every((check) => check.status !== 'failed'), checks, startedAt, durationMs: Date.now() - startedAt };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
