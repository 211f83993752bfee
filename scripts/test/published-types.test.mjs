// Compiles an application against the published packages as a new user gets them: the packages are
// built and packed (`pnpm pack`), installed with npm into a fresh project, and the application is
// compiled with `strict` and without `skipLibCheck`, so the shipped declarations are checked too.
// They must not lean on JsSIP's own declarations (which do not compile that way) nor on the private
// @wwe-webrtc/shared package (which is bundled in, never published).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const packages = [
  { dir: 'packages/softphone', name: '@wwe-webrtc/softphone' },
  { dir: 'widget', name: '@wwe-webrtc/widget' },
];

/** Newest modification time under `path` (a file or a folder). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newest(join(path, entry))), 0);
}

/** Builds a package unless its declarations are newer than every input of the build. */
async function build({ dir }) {
  const output = join(root, dir, 'dist/index.d.ts');
  const inputs = [join(root, dir, 'src'), join(root, dir, 'rollup.config.mjs'), join(root, dir, 'package.json'), join(root, 'packages/shared/src')];
  if (existsSync(output) && statSync(output).mtimeMs >= Math.max(...inputs.map(newest))) return;
  await run('pnpm', ['run', 'build'], { cwd: join(root, dir) });
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

test('a strict TypeScript app compiles against the packed packages, without skipLibCheck', { timeout: 240_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'wwe-published-types-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const tarballs = join(work, 'tarballs');
  const app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });

  for (const pkg of packages) await build(pkg);
  for (const pkg of packages) await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, pkg.dir) });
  const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
  assert.equal(packed.length, packages.length);

  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'new-user-app', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed], { cwd: app });

  cpSync(join(root, 'scripts/test/published-types/consumer.ts'), join(app, 'src/app.ts'));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: [],
      },
      include: ['src'],
    }),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', app]).then(
    () => ({ ok: true, output: '' }),
    (error) => ({ ok: false, output: `${error.stdout}${error.stderr}` }),
  );
  assert.ok(result.ok, `the app does not compile against the published declarations:\n${result.output}`);

  for (const pkg of packages) {
    const installed = join(app, 'node_modules', pkg.name);
    for (const file of filesUnder(installed).filter((path) => /\.(js|d\.ts)$/.test(path))) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from ['"]@wwe-webrtc\/shared['"]/, `${file} imports the private @wwe-webrtc/shared`);
      if (file.endsWith('.d.ts')) assert.doesNotMatch(text, /['"]jssip(\/[^'"]*)?['"]/, `${file} refers to JsSIP's declarations`);
    }
  }
});
