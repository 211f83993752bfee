// The Custom Elements Manifest that `pnpm build` ships with the widget (custom-elements.json) describes
// <wwe-softphone> completely: its tag, attributes, events, and every CSS part and custom property the
// templates and styles really use — so editors and docs tools see the element as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const widget = fileURLToPath(new URL('../../widget/', import.meta.url));
const sources = (dir) =>
  readdirSync(join(widget, dir), { recursive: true })
    .filter((file) => String(file).endsWith('.ts'))
    .map((file) => readFileSync(join(widget, dir, String(file)), 'utf8'))
    .join('\n');

test('custom-elements.json describes <wwe-softphone>, its events, parts and custom properties', { timeout: 120_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'wwe-cem-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  await promisify(execFile)(join(widget, 'node_modules/.bin/cem'), ['analyze', '--outdir', relative(widget, out)] /* the analyzer takes it relative to cwd */, { cwd: widget });
  const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
  const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.customElement);

  assert.equal(element?.tagName, 'wwe-softphone');
  assert.deepEqual(
    element.attributes.map((attribute) => attribute.name).sort(),
    ['auto-answer', 'auto-connect', 'display-name', 'dn', 'gateway-quality', 'gateway-turn', 'gateway-url', 'host-origins', 'remember-password', 'server', 'storage-key', 'theme'],
  );
  for (const attribute of element.attributes) assert.ok(attribute.description, `attribute ${attribute.name} is documented`);

  const eventMap = readFileSync(join(widget, 'src/element/events.ts'), 'utf8');
  const dispatched = [...eventMap.matchAll(/^ {2}'(wwe-[a-z-]+)': /gm)].map((match) => match[1]).sort();
  assert.deepEqual(element.events.map((event) => event.name).sort(), dispatched);

  const templates = sources('src/views');
  const used = new Set([...templates.matchAll(/\bpart="([^"]+)"/g)].flatMap((match) => match[1].split(/\s+/)));
  assert.deepEqual(element.cssParts.map((part) => part.name).sort(), [...used].sort(), 'every part used is declared, and only those');

  const styles = sources('src/element');
  const read = new Set([...styles.matchAll(/var\((--wwe-[a-z-]+)/g)].map((match) => match[1]));
  assert.deepEqual(element.cssProperties.map((property) => property.name).sort(), [...read].sort(), 'every custom property read is declared, and only those');
});
