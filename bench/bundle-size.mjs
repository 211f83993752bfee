// Sizes of the published packages as an app bundles them: esbuild, ESM, code splitting, minified, each
// chunk gzipped (-9) on its own as a browser fetches it. The initial load is the entry chunk and every
// chunk it imports statically; chunks reached only through `import()` load later (on first use).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the packages' dist/ as published (rollup), so the sizes are those of what ships. */
export function buildPackages(...packages) {
  const filters = packages.flatMap((name) => ['--filter', name]);
  const result = spawnSync('pnpm', [...filters, 'run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`building ${packages.join(', ')} failed (exit ${result.status})`);
}

/**
 * Bundles `contents` (an ES module importing what to measure) from `resolveDir`.
 * Returns the initial load, the total over every chunk, and each chunk with the module it loads for.
 */
export async function bundleSizes(contents, { resolveDir, external = [], nodePaths = [] }) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    nodePaths,
    outdir: '/bundle-size',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const chunks = new Map(
    result.outputFiles.map((file) => {
      const key = Object.keys(outputs).find((path) => file.path.endsWith(path.replace(/^(\.\.\/)+/, '/').replace(/^\/?bundle-size/, '')));
      const meta = outputs[key];
      return [key, { name: chunkName(meta.entryPoint, key), min: file.contents.byteLength, gz: gzipSync(file.contents, { level: 9 }).byteLength, meta }];
    }),
  );
  const entry = [...chunks.keys()].find((key) => outputs[key].entryPoint === '<stdin>');
  const initialKeys = staticClosure(entry, outputs);
  const sum = (list) => list.reduce((total, chunk) => ({ min: total.min + chunk.min, gz: total.gz + chunk.gz }), { min: 0, gz: 0 });
  const all = [...chunks.entries()].map(([key, chunk]) => ({ ...chunk, key, initial: initialKeys.has(key) }));
  const lazy = all.filter((chunk) => !chunk.initial && chunk.meta.entryPoint);
  return {
    initial: sum(all.filter((chunk) => chunk.initial)),
    total: sum(all),
    chunks: all.length,
    /** Each dynamic-import target with the chunks it pulls in beyond the initial load. */
    lazy: lazy.map((chunk) => ({ name: chunk.name, ...sum([...staticClosure(chunk.key, outputs)].filter((key) => !initialKeys.has(key)).map((key) => chunks.get(key))) })),
    /** The initial load plus the given dynamic-import targets (and their static imports). */
    with(names) {
      const keys = new Set(initialKeys);
      for (const chunk of lazy.filter((c) => names.includes(c.name))) for (const key of staticClosure(chunk.key, outputs)) keys.add(key);
      return sum([...keys].map((key) => chunks.get(key)));
    },
  };
}

function staticClosure(start, outputs) {
  const seen = new Set();
  const stack = [start];
  while (stack.length > 0) {
    const key = stack.pop();
    if (seen.has(key)) continue;
    seen.add(key);
    for (const imported of outputs[key].imports) if (imported.kind === 'import-statement' && !imported.external) stack.push(imported.path);
  }
  return seen;
}

/** `dist/chunks/preflight-chunk.js` → `preflight-chunk` (the packages name their chunks without a hash). */
function chunkName(entryPoint, key) {
  return basename(entryPoint ?? key).replace(/\.[jt]s$/, '');
}

export const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** A size row: gzipped KiB, with a baseline and ratio when given. */
export function sizeRow(metric, size, baseline) {
  return { metric, unit: 'KiB', value: kib(size.gz), ...(baseline ? { baseline: kib(baseline.gz), ratio: size.gz / baseline.gz } : {}) };
}
