// The parts agents at home reach before Asterisk: coturn with the generated turnserver.conf and nginx
// with the generated site, each started by the gateway's own test helpers (the code its coturn and
// nginx tests use, loaded through tsx) and stopped by PID. The generated files run as written; only
// where to log and where to keep a pid file come from the command line.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const SUPPORT = fileURLToPath(new URL('../../packages/gateway/test/support/', import.meta.url));
const helper = (file) => tsImport(join(SUPPORT, file), import.meta.url);
/** What `asterisk-config --proxy-host` names the site (NGINX_SITE_FILE in the generator). */
const SITE_FILE = 'wwe-webrtc.nginx.conf';

/**
 * coturn (`turnserver`) in the foreground with `etcDir/turnserver.conf`; resolves once it answers STUN
 * on `host:port`. Resolves to { pid, output(), stop() }.
 */
export async function startTurnServer({ etcDir, workDir, host, port }) {
  const { startCoturn } = await helper('coturn.ts');
  const dir = join(workDir, 'coturn');
  mkdirSync(dir, { recursive: true });
  return startCoturn({ config: readFileSync(join(etcDir, 'turnserver.conf'), 'utf8'), dir, host, port });
}

/**
 * nginx with the generated site included in the http context, as Debian's nginx.conf includes
 * sites-enabled/: `nginx -t` first, then nginx in the foreground until `httpsPort` accepts connections.
 * Resolves to { pid, output(), stop(), errorLog(), requests() }.
 */
export async function startProxy({ etcDir, workDir, httpsPort = 443 }) {
  const { writeNginxPrefix, nginxConfigTest, startNginx } = await helper('nginx.ts');
  const prefix = join(workDir, 'nginx');
  const confFile = writeNginxPrefix(prefix, readFileSync(join(etcDir, SITE_FILE), 'utf8'));
  const check = nginxConfigTest(prefix, confFile);
  if (!check.ok) throw new Error(`nginx -t refused the generated site: ${check.output}`);
  const nginx = await startNginx(prefix, confFile, httpsPort);
  const log = (name) => readFileSync(join(prefix, 'logs', name), 'utf8');
  return {
    ...nginx,
    errorLog: () => log('error.log'),
    /** What nginx served so far, from its access log (combined format): [{ method, path, status }]. */
    requests: () =>
      [...log('access.log').matchAll(/"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /g)].map(([, method, path, status]) => ({ method, path, status: Number(status) })),
  };
}

/**
 * Asks coturn itself whether it accepts a credential: one Allocate over UDP from a TURN client (the
 * gateway tests' own), released again at once when granted. Resolves to { ok: true, relayed } or
 * { ok: false, code, reason } with coturn's STUN error.
 */
export async function allocateRelay({ host, port, username, credential }) {
  const { TurnClient } = await helper('turn-client.ts');
  const client = await TurnClient.connect({ host, port });
  try {
    const result = await client.allocate(username, credential);
    if (result.ok) await client.refresh(0);
    return result;
  } finally {
    client.close();
  }
}
