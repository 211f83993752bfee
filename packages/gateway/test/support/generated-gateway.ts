// Runs the gateway exactly as `asterisk-config` configured it (gateway.json + gateway.env), against the
// AMI simulator, with only what a test must change overridden (ports, the relay's fixed UDP port).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { defaultExtensions } from '../../src/extensions.js';
import { Gateway } from '../../src/gateway.js';
import { AmiSimulator, dnRange } from './ami-simulator.js';

export function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

export async function startGeneratedGateway(dir: string, firstDn: number, count: number, env: Record<string, string> = {}) {
  const sim = new AmiSimulator({ dns: dnRange(firstDn, count) });
  const amiPort = await sim.start();
  const config = loadConfig({
    configFile: join(dir, 'gateway.json'),
    env: { ...readEnvFile(join(dir, 'gateway.env')), WWE_GATEWAY_AMI_PORT: String(amiPort), WWE_GATEWAY_HTTP_PORT: '0', WWE_GATEWAY_RELAY_ENABLED: 'false', ...env },
  });
  const gateway = new Gateway(config, { extensions: defaultExtensions() });
  const address = await gateway.start();
  return {
    gateway,
    config,
    base: `http://127.0.0.1:${address.port}`,
    port: address.port,
    async stop() {
      await gateway.stop();
      await sim.stop();
    },
  };
}
