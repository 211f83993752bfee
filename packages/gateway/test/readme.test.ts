import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENV_VARIABLES } from '../src/config/env.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README documents every environment variable the gateway reads, with its setting', () => {
  for (const variable of ENV_VARIABLES) {
    assert.ok(readme.includes(`| \`${variable.name}\` | \`${variable.path}\` |`), `${variable.name} missing from the README options table`);
  }
});

test('the README lists every generated file', () => {
  for (const file of ['pjsip.conf', 'extensions.conf', 'manager.conf', 'http.conf', 'rtp.conf', 'hep.conf', 'pjsip_notify.conf', 'gateway.json', 'secrets.json']) {
    assert.ok(readme.includes(`\`${file}\``), file);
  }
});
