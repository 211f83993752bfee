// The built output of a workspace package, rebuilt first when any of its sources is newer. Tests and
// benchmarks that run a package the way users do (its `dist/`) go through this.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => Math.max(max, entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs), 0);

/** `packageDir/dist/<entry>`, after `pnpm run build` if it is missing or older than `packageDir/src`. */
export function builtPackage(packageDir, entry = 'index.js') {
  const dist = join(packageDir, 'dist', entry);
  if (!existsSync(dist) || statSync(dist).mtimeMs < newest(join(packageDir, 'src'))) {
    execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dist;
}
