import type { Call } from '../calls/call.js';
import { CallError } from '../errors.js';
import type { EchoCall } from './preflight-types.js';

/** A placed call as the echo check uses it: answered or not, its samples, its summary. */
export function echoCallOf(call: Call): EchoCall {
  const answered = new Promise<void>((resolve, reject) => {
    if (call.state === 'active') return resolve();
    const offState = call.on('stateChanged', ({ state }) => {
      if (state !== 'active') return;
      offState();
      offEnded();
      resolve();
    });
    const offEnded = call.on('ended', ({ reason, statusCode }) => {
      offState();
      offEnded();
      reject(new CallError('CALL_FAILED', `${reason}${statusCode ? ` (SIP ${statusCode})` : ''}`));
    });
  });
  answered.catch(() => undefined); // the check awaits it; an early end must not be an unhandled rejection
  return {
    answered,
    onSample: (listener) => call.on('quality', listener),
    hangup: () => call.hangup(),
    get summary() {
      return call.qualitySummary;
    },
  };
}
