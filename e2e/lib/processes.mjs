// Child processes started by the suite, tracked so that every one of them is stopped by PID at the end,
// whatever happened.
import { spawn } from 'node:child_process';

const running = new Set();

/** Spawns `command` and keeps its output (last ~64 KiB) for error messages. */
export function start(command, args, { name = command, env, cwd } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd });
  const record = { name, child, output: '', exited: null };
  const keep = (chunk) => {
    record.output = (record.output + chunk.toString()).slice(-65536);
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

/** SIGTERM, then SIGKILL after `graceMs` if the process is still there. */
export async function stop(record, graceMs = 2000) {
  if (!running.has(record)) return record.exited;
  record.child.kill('SIGTERM');
  const timer = setTimeout(() => record.child.kill('SIGKILL'), graceMs);
  const result = await record.exited;
  clearTimeout(timer);
  return result;
}

export async function stopAll() {
  await Promise.all([...running].map((record) => stop(record)));
}
