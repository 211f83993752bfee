// A real gateway with browser quality reports on, its AMI played by the simulator, for the softphone's
// browser tests (scripts/wtr-quality-gateway-plugin.mjs): the browser posts to it as to production.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../../src/config/schema.js';
import { Gateway } from '../../../src/gateway.js';
import { qualityExtension } from '../../../src/quality/quality-extension.js';
import { rtcpSent } from '../../support/ami-frames.js';
import { AmiSimulator } from '../../support/ami-simulator.js';

const ADMIN = 'admin-token-for-the-quality-gateway';

export interface QualityGateway {
  readonly base: string;
  /** Asterisk's RTCP report on the agent's leg of a call, as the simulator sends it. */
  rtcp(dn: string, callUuid: string): void;
  /** `GET /api/quality` (admin). */
  calls(): Promise<unknown[]>;
  /** `/metrics` (admin). */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export async function startQualityGateway(options: { origin: string; passwords: Record<string, string> }): Promise<QualityGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-quality-gateway-'));
  const passwordsFile = join(dir, 'secrets.json');
  writeFileSync(passwordsFile, JSON.stringify({ agents: options.passwords }));
  const dns = Object.keys(options.passwords);
  const sim = new AmiSimulator({ dns });
  const amiPort = await sim.start();
  const gateway = new Gateway(
    configSchema.parse({
      ami: { port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 },
      dns: { ranges: dns.join(',') },
      http: { port: 0, token: ADMIN, corsOrigins: [options.origin] },
      relay: { enabled: false },
      quality: { browserReports: { enabled: true, agentPasswordsFile: passwordsFile } },
    }),
    { extensions: [qualityExtension()] },
  );
  const { port } = await gateway.start();
  const deadline = Date.now() + 5_000;
  while (!gateway.client.connected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const base = `http://127.0.0.1:${port}`;
  const admin = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  let legs = 0;
  return {
    base,
    rtcp(dn, callUuid) {
      legs += 1;
      const id = `1796175${String(legs).padStart(3, '0')}`;
      sim.broadcast(rtcpSent({ channel: `PJSIP/${dn}-0000${String(legs).padStart(4, '0')}`, uniqueid: `${id}.2`, linkedid: `${id}.1`, callUuid }, { fractionLost: 0, jitter: 8 }));
    },
    calls: async () => ((await (await admin('/api/quality')).json()) as { calls: unknown[] }).calls,
    metrics: async () => (await admin('/metrics')).text(),
    async stop() {
      await gateway.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
