// Operators alert on warnings: everything above is normal traffic, and the gateway must have logged
// none for it (Asterisk's own NOTIFYs, res_hep_rtcp's reports, transfer progress, a normal boot, TURN
// credentials issued), nor nginx for the agents at home (WebSockets, API, pages).
import assert from 'node:assert/strict';

export const quietGateway = {
  name: 'the gateway and nginx logged no warning or error for any of the normal traffic above',
  timeoutMs: 5_000,
  async run(lab) {
    const warnings = lab.gateway.warnings().map((line) => `${line.msg} ${JSON.stringify({ ...line, msg: undefined, time: undefined, pid: undefined, hostname: undefined })}`);
    assert.deepEqual(warnings, [], `the gateway logged:\n${warnings.join('\n')}`);
    assert.deepEqual(lab.proxyProblems(), [], 'nginx logged warnings or errors');
  },
};
