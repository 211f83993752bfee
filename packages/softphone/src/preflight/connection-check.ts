import type { CheckOutcome } from './microphone-check.js';
import type { PreflightDetails } from './preflight-types.js';

/** The softphone's connection as the check uses it. */
export interface ConnectionProbe {
  /** The WebSocket URL (`wss://pbx.example.com:8089/ws`). */
  readonly server: string;
  readonly dn: string;
  readonly registered: boolean;
  /** Connects and registers; rejects with a `RegistrationError`. */
  connect(): Promise<void>;
}

/**
 * WSS reachability and authentication: a REGISTER answered 200 proves both. The softphone keeps
 * retrying an unreachable server, so the check stops waiting after `timeoutMs`.
 */
export async function checkConnection(probe: ConnectionProbe, timeoutMs: number): Promise<CheckOutcome<PreflightDetails['connection']>> {
  const base = { server: probe.server, errorCode: undefined, statusCode: undefined };
  if (probe.registered) {
    return { status: 'passed', message: `Connected to ${probe.server} and registered as DN ${probe.dn}.`, details: { ...base, alreadyConnected: true } };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'SERVER_UNREACHABLE' })), timeoutMs);
  });
  try {
    await Promise.race([probe.connect(), timedOut]);
    return { status: 'passed', message: `Reached ${probe.server} and registered as DN ${probe.dn}.`, details: { ...base, alreadyConnected: false } };
  } catch (error) {
    const { code, statusCode } = error as { code?: string; statusCode?: number };
    const details = { ...base, alreadyConnected: false, errorCode: code, statusCode };
    return { status: 'failed', message: connectionAdvice(probe, code, error), details };
  } finally {
    clearTimeout(timer);
  }
}

function connectionAdvice(probe: ConnectionProbe, code: string | undefined, error: unknown): string {
  const url = new URL(probe.server);
  switch (code) {
    case 'AUTH_FAILED':
      return `${url.host} refused DN ${probe.dn}'s password: check the SIP password provisioned for this DN (the generator's secrets.json).`;
    case 'SERVER_UNREACHABLE':
      return (
        `Cannot reach ${probe.server}: check the address, that port ${url.port || (url.protocol === 'wss:' ? '443' : '80')} is open from this network, ` +
        `and that the browser trusts the server's certificate (open https://${url.host}/ once to see).`
      );
    default:
      return error instanceof Error ? error.message : `Registering DN ${probe.dn} at ${probe.server} failed.`;
  }
}
