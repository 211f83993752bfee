// Runs a real nginx (Debian's) for a test: a prefix folder of its own, a main nginx.conf shaped like
// Debian's (the site included in the http context), `nginx -t`, and nginx in the foreground.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export interface RunningNginx {
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Writes `<prefix>/nginx.conf` including `site` as Debian's /etc/nginx/nginx.conf includes sites-enabled/. */
export function writeNginxPrefix(prefix: string, site: string): string {
  for (const dir of ['logs', 'temp', 'sites-enabled']) mkdirSync(join(prefix, dir), { recursive: true });
  writeFileSync(join(prefix, 'sites-enabled/wwe-webrtc.conf'), site);
  const main = [
    ...(process.getuid?.() === 0 ? ['user root;'] : []), // the test's files are root's
    'worker_processes 1;',
    `pid ${join(prefix, 'nginx.pid')};`,
    `error_log ${join(prefix, 'logs/error.log')} info;`,
    'events { worker_connections 256; }',
    'http {',
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    `    access_log ${join(prefix, 'logs/access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(prefix, 'temp', t)};`),
    `    include ${join(prefix, 'sites-enabled')}/*.conf;`,
    '}',
  ].join('\n');
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, `${main}\n`);
  return file;
}

/** `nginx -t` on a configuration: its exit status and what it printed. */
export function nginxConfigTest(prefix: string, confFile: string): { ok: boolean; output: string } {
  const result = spawnSync('nginx', ['-t', '-p', prefix, '-c', confFile, '-e', join(prefix, 'logs/error.log')], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}` };
}

/** Starts nginx in the foreground and waits until `port` accepts connections. */
export async function startNginx(prefix: string, confFile: string, port: number, timeoutMs = 10_000): Promise<RunningNginx> {
  const child = spawn('nginx', ['-p', prefix, '-c', confFile, '-e', join(prefix, 'logs/error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: RunningNginx = {
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGQUIT'); // graceful: workers finish, then the master leaves
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return running;
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
