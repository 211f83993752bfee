// Starts a real coturn (`turnserver` from Debian's coturn package) in the foreground for a test, with a
// given turnserver.conf, and stops it by PID. Also usable from other harnesses (through tsx).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TurnClient } from './turn-client.js';

export interface RunningCoturn {
  readonly pid: number;
  /** What turnserver printed so far (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartCoturnOptions {
  /** turnserver.conf content, used as is. */
  readonly config: string;
  /** A private folder for the config file and pid file. */
  readonly dir: string;
  /** The UDP listening port in `config`, probed with STUN Binding requests until coturn answers. */
  readonly port: number;
  readonly host?: string;
  readonly readyTimeoutMs?: number;
}

export async function startCoturn(options: StartCoturnOptions): Promise<RunningCoturn> {
  const configFile = join(options.dir, 'turnserver.conf');
  writeFileSync(configFile, options.config, { mode: 0o600 });
  // Command-line options come after the file's: logs to stdout (the file may say syslog), no pid file in /var/run.
  const child = spawn('turnserver', ['-c', configFile, '--log-file=stdout', `--pidfile=${join(options.dir, 'turnserver.pid')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-64_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const running: RunningCoturn = { pid: child.pid ?? -1, output: () => output, stop: () => stop(child, exited) };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  const probe = await TurnClient.connect({ host: options.host ?? '127.0.0.1', port: options.port, timeoutMs: 300 });
  try {
    for (;;) {
      const outcome = await Promise.race([
        probe.binding().then(
          (r) => (r.ok ? 'ready' : 'retry'),
          () => 'retry',
        ),
        exited.then((code) => `turnserver exited with ${code}`),
        spawnError.then((e) => `turnserver could not start: ${e.message} (install Debian's coturn)`),
      ]);
      if (outcome === 'ready') return running;
      if (outcome !== 'retry') throw new Error(`${outcome}\n${output}`);
      if (Date.now() > deadline) {
        await running.stop();
        throw new Error(`turnserver did not answer STUN on ${options.port} within ${options.readyTimeoutMs ?? 10_000} ms\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    probe.close();
  }
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
