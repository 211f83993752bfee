// The built output of a workspace package, rebuilt first when any of its sources is newer. Tests and
// benchmarks that run a package the way users do (its `dist/`) go through this.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => Math.max(max, entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs), 0);

/** The private building blocks every published package's build bundles in. */
const sharedSources = fileURLToPath(new URL('../packages/shared/src', import.meta.url));

/**
 * `packageDir/dist/<entry>`, after `pnpm run build` if it is missing or older than `packageDir/src` or
 * the shared sources bundled into it.
 */
export function builtPackage(packageDir, entry = 'index.js') {
  const dist = join(packageDir, 'dist', entry);
  if (!existsSync(dist) || statSync(dist).mtimeMs < Math.max(newest(join(packageDir, 'src')), newest(sharedSources))) {
    execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dist;
}
