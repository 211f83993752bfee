// Runs a sipp scenario from e2e/sipp/ (sipp plays the Genesys SIP Server) and reads back when each
// message was sent or received, from sipp's own message trace (microsecond timestamps).
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, stop } from './processes.mjs';

const SCENARIOS = fileURLToPath(new URL('../sipp/', import.meta.url));

export class SippError extends Error {
  code = 'E2E_SIPP';
  name = 'SippError';
}

/**
 * Starts `scenario` (file name in `scenarioDir`, default e2e/sipp) towards `target` ("127.0.0.1:5060")
 * for DN `service`, from `localIp`. Returns { done, stop } where `done` resolves to { messages } when
 * sipp exits 0 and rejects with the tail of sipp's output otherwise.
 */
export function runSipp(scenario, { target, service, keys = {}, durationMs = 500, timeoutMs = 30000, scenarioDir = SCENARIOS, localIp = '127.0.0.1' }) {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-e2e-sipp-'));
  const messageFile = join(dir, 'messages.log');
  const errorFile = join(dir, 'errors.log');
  const args = [
    target, '-sf', join(scenarioDir, scenario), '-s', service, '-m', '1', '-l', '1',
    '-i', localIp, '-p', '0', '-mi', localIp, '-mp', String(20000 + Math.floor(Math.random() * 20000)),
    '-d', String(durationMs), '-nostdin', '-trace_msg', '-message_file', messageFile,
    '-trace_err', '-error_file', errorFile, '-timeout', `${Math.ceil(timeoutMs / 1000)}s`, '-timeout_error',
  ];
  for (const [key, value] of Object.entries(keys)) args.push('-key', key, String(value));
  const proc = start('sipp', args, { name: `sipp ${scenario}` });
  const done = proc.exited.then(({ code, signal }) => {
    const messages = existsSync(messageFile) ? parseMessageLog(readFileSync(messageFile, 'utf8')) : [];
    const errors = existsSync(errorFile) ? readFileSync(errorFile, 'utf8').trim() : '';
    rmSync(dir, { recursive: true, force: true });
    if (code !== 0) {
      const last = messages.at(-1);
      throw new SippError(
        `sipp ${scenario} failed (${signal ?? `exit ${code}`}); last message ${last ? `${last.direction} ${last.firstLine}` : 'none'}` +
          `${errors ? `\n${errors.split('\n').slice(-60).join('\n')}` : ''}`,
      );
    }
    return { messages };
  });
  // A scenario may be waiting on something else when sipp fails; the failure is reported when awaited.
  done.catch(() => undefined);
  return { done, stop: () => stop(proc) };
}

/** [{ at (ms since epoch, µs precision), direction: 'sent'|'received', firstLine, text }] */
export function parseMessageLog(text) {
  const messages = [];
  const pattern = /^-{20,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{6})\n\w+ message (sent|received)[^\n]*\n\n([\s\S]*?)(?=\n-{20,} \d{4}-|(?![\s\S]))/gm;
  for (const match of text.matchAll(pattern)) {
    const [, date, time, micros, direction, body] = match;
    const at = Date.parse(`${date}T${time}Z`) + Number(micros) / 1000;
    const textBody = body.replace(/\r/g, '');
    messages.push({ at, direction, firstLine: textBody.split('\n')[0], text: textBody });
  }
  return messages;
}

/** Time of the first message matching `direction` whose first line matches `pattern`. */
export function messageTime(messages, direction, pattern, cseqMethod) {
  const found = messages.find(
    (message) =>
      message.direction === direction &&
      pattern.test(message.firstLine) &&
      (!cseqMethod || new RegExp(`^CSeq:\\s*\\d+\\s+${cseqMethod}`, 'mi').test(message.text)),
  );
  if (!found) throw new SippError(`no ${direction} message matching ${pattern}${cseqMethod ? ` (${cseqMethod})` : ''}`);
  return found.at;
}
