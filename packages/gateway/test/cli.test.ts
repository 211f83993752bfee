import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../src/cli.js';

test('--help prints usage and exits 0', async () => {
  let printed = '';
  const code = await main(['--help'], (text) => {
    printed += text;
  });
  assert.equal(code, 0);
  assert.match(printed, /^wwe-gateway \d+\.\d+\.\d+/);
  assert.match(printed, /Usage:/);
});

test('an unknown command prints usage and exits 2', async () => {
  let printed = '';
  const code = await main(['frobnicate'], (text) => {
    printed += text;
  });
  assert.equal(code, 2);
  assert.match(printed, /Usage:/);
});
