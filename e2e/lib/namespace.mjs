// Runs the calling script inside a private, loopback-only network namespace: Kamailio, sipp and
// Chromium then share ports nobody else can see, and Chromium cannot offer the host's real addresses
// as ICE candidates. The script is re-executed under `unshare --net`; inside, `lo` is brought up.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSIDE = 'WWE_E2E_NETNS';
const NS_FILE = 'WWE_E2E_NETNS_FILE';

export class IsolationError extends Error {
  code = 'E2E_ISOLATION';
  name = 'IsolationError';
}

/**
 * Makes sure the current process runs in its own network namespace. In the outer process this never
 * returns: it re-executes the script inside a new namespace, waits, sweeps anything left behind and
 * exits with the inner exit code. In the inner process it brings `lo` up and returns.
 */
export async function runIsolated() {
  if (process.env[INSIDE] === '1') {
    bringLoopbackUp();
    if (process.env[NS_FILE]) writeFileSync(process.env[NS_FILE], readlinkSync('/proc/self/ns/net'));
    return;
  }
  checkCanIsolate();
  const scratch = mkdtempSync(join(tmpdir(), 'wwe-e2e-ns-'));
  const nsFile = join(scratch, 'netns');
  const child = spawn('unshare', ['--net', '--', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [INSIDE]: '1', [NS_FILE]: nsFile },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`could not start unshare: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
  });
  if (existsSync(nsFile)) {
    const leftovers = killNamespaceProcesses(readFileSync(nsFile, 'utf8').trim());
    if (leftovers.length > 0) console.error(`killed processes left in the test namespace: ${leftovers.join(', ')}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code);
}

function checkCanIsolate() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new IsolationError(
      'The end-to-end suite must run as root: it isolates Kamailio, sipp and Chromium in a private network namespace with `unshare --net`.',
    );
  }
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr || `exit ${probe.status}`).trim();
    throw new IsolationError(
      `The end-to-end suite needs \`unshare --net\` (util-linux) to isolate its network, and it failed here: ${why}.`,
    );
  }
  const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (ip.error) throw new IsolationError('The end-to-end suite needs the `ip` command (Debian package iproute2).');
}

function bringLoopbackUp() {
  const result = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new IsolationError(`could not bring up the loopback interface: ${result.stderr || result.error?.message}`);
  }
}

/** PIDs of the processes whose network namespace is `namespace` (e.g. "net:[4026532301]"). */
export function processesInNamespace(namespace) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) === namespace) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** SIGKILLs every process in `namespace` (all of them were started by this suite). */
export function killNamespaceProcesses(namespace = readlinkSync('/proc/self/ns/net')) {
  const pids = processesInNamespace(namespace);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}
