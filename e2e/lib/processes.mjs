// Child processes started by the suite, tracked so that every one of them is stopped by PID at the end,
// whatever happened.
import { spawn } from 'node:child_process';

const running = new Set();

/**
 * Spawns `command` and keeps its output (last ~64 KiB) for error messages; `onOutput` sees all of it.
 * With `group`, the process leads its own process group and signals go to the whole group (Kamailio's
 * workers with it).
 */
export function start(command, args, { name = command, env, cwd, group = false, onOutput } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd, detached: group });
  const record = { name, child, output: '', exited: null, group };
  const keep = (chunk) => {
    record.output = (record.output + chunk.toString()).slice(-65536);
    onOutput?.(chunk.toString());
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  record.exited = new Promise((resolve) => {
    child.on('error', (error) => {
      record.output += `\ncould not start ${command}: ${error.message}`;
      running.delete(record);
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => {
      running.delete(record);
      resolve({ code, signal });
    });
  });
  running.add(record);
  return record;
}

/** Sends `signal` to the process (or its group). */
export function signal(record, name) {
  try {
    if (record.group) process.kill(-record.child.pid, name);
    else record.child.kill(name);
  } catch {
    // already gone
  }
}

/** SIGTERM, then SIGKILL after `graceMs` if the process is still there. */
export async function stop(record, graceMs = 2000) {
  if (!running.has(record)) return record.exited;
  signal(record, 'SIGTERM');
  const timer = setTimeout(() => signal(record, 'SIGKILL'), graceMs);
  const result = await record.exited;
  clearTimeout(timer);
  return result;
}

export async function stopAll() {
  await Promise.all([...running].map((record) => stop(record)));
}
