import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { LogOnce } from '../../src/relay/log-once.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

test('the first of each kind is a warning, the rest debug (works with a pino logger)', async () => {
  const { lines, logger } = capture();
  const log = new LogOnce(logger);
  for (let i = 0; i < 5; i += 1) log.warn('hep:auth_failed', { n: i }, 'dropped a HEP packet');
  log.warn('hep:not_sip', {}, 'ignored');
  await new Promise((resolve) => setImmediate(resolve));
  const warnings = lines.filter((l) => l.level === 40);
  assert.deepEqual(warnings.map((l) => l.kind), ['hep:auth_failed', 'hep:not_sip']);
  assert.equal(lines.filter((l) => l.level === 20).length, 4);
  assert.match(String(warnings[0]?.msg), /further occurrences are counted in \/metrics/);
});

test('remembers a bounded number of kinds', () => {
  const levels: string[] = [];
  const logger = { info() {}, warn: () => levels.push('warn'), debug: () => levels.push('debug') };
  const log = new LogOnce(logger, 2);
  for (const kind of ['a', 'b', 'c', 'c', 'a']) log.warn(kind, {}, 'x');
  assert.deepEqual(levels, ['warn', 'warn', 'warn', 'warn', 'debug']);
});
