// What `Softphone.preflight()` loads on first use: the checks and the echo call's adapter, one chunk.
export { runPreflight } from './preflight.js';
export { echoCallOf } from './echo-call.js';
