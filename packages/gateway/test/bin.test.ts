import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const binPath = new URL('../bin/wwe-gateway.js', import.meta.url);

test('the wwe-gateway executable is executable and starts Node with a bounded young generation and heap', () => {
  assert.ok(statSync(binPath).mode & 0o100, 'bin/wwe-gateway.js must be executable');
  const shebang = readFileSync(binPath, 'utf8').split('\n')[0]!;
  // Run a script with the very same first line, so the kernel and env(1) interpret it as they do
  // for the installed command; the script reports the heap limits V8 ended up with.
  const dir = mkdtempSync(join(tmpdir(), 'wwe-gateway-bin-'));
  try {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, `${shebang}\nimport v8 from 'node:v8';\nconsole.log(JSON.stringify(v8.getHeapStatistics()));\n`);
    chmodSync(probe, 0o755);
    const stats = JSON.parse(execFileSync(probe, { encoding: 'utf8' })) as { heap_size_limit: number };
    // heap_size_limit = old space + 3 semi-spaces: 256 MiB + 3 × 1 MiB.
    assert.equal(stats.heap_size_limit / 2 ** 20, 256 + 3 * 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
