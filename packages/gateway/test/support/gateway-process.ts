import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./gateway-child.ts', import.meta.url));

export interface GatewayProcess {
  readonly process: ChildProcess;
  readonly base: string;
  /** Every line the gateway logged, parsed. */
  readonly logs: Array<Record<string, unknown>>;
  /** Everything it wrote to stderr (a V8 out-of-memory report lands here). */
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Still running (a V8 out-of-memory abort ends it with SIGABRT, not an exit code). */
  readonly alive: () => boolean;
  stop(): Promise<void>;
}

/**
 * `wwe-gateway run` in a process of its own with a bounded V8 heap, so a test can show it survives (or
 * not) what a hostile peer does to it. Settings go in a config file; `env` adds the secrets. Keep the
 * log level at info or below: the port is read from the "HTTP API listening" line.
 */
export async function startGatewayProcess(options: { heapMiB: number; config: object; env: Record<string, string> }): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-gateway-process-'));
  const configFile = join(dir, 'gateway.json');
  writeFileSync(configFile, JSON.stringify(options.config));
  // Not the test runner's NODE_TEST_CONTEXT either: a child that inherits it reports to the runner instead of running.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WWE_GATEWAY_') && name !== 'NODE_TEST_CONTEXT'));
  const proc = spawn(process.execPath, ['--max-semi-space-size=1', `--max-old-space-size=${options.heapMiB}`, '--import', 'tsx', child, '--config', configFile], {
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let pending = '';
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'HTTP API listening') resolve(entry.port as number);
      }
    });
    void exited.then(({ code }) => reject(new Error(`gateway exited (${code}) before listening: ${stderr}`)));
  });
  return {
    process: proc,
    base: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    exited,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
