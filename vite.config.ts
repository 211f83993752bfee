import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { workspaceEntries } from './scripts/workspace-aliases.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const examples = resolve(root, 'examples');

// Every example page with an index.html is a page of the multi-page build.
const pages = Object.fromEntries(
  ['index.html', 'standalone/index.html', 'wwe-embed/index.html', 'wwe-embed/widget.html', 'npm-consumer/index.html']
    .map((page) => [page.replace(/\/?index\.html$|\.html$/, '') || 'home', resolve(examples, page)])
    .filter(([, path]) => existsSync(path)),
);

export default defineConfig({
  root: examples,
  resolve: {
    // The examples run against the workspace sources, so a change shows without a library build.
    // Exact matches, so `@wwe-webrtc/widget/host` is not taken for a path under `@wwe-webrtc/widget`.
    alias: Object.entries(workspaceEntries).map(([name, entry]) => ({
      find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`),
      replacement: resolve(root, entry),
    })),
  },
  server: { host: 'localhost', port: 5173, strictPort: false, open: false },
  preview: { host: 'localhost', port: 4173 },
  build: {
    outDir: resolve(root, 'dist/examples'),
    emptyOutDir: true,
    rollupOptions: { input: pages },
  },
});
