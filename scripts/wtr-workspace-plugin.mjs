// Resolves `@wwe-webrtc/*` imports to the workspace sources, as vite.config.ts does for `pnpm start`.
import { workspaceEntries } from './workspace-aliases.mjs';

export function workspacePlugin() {
  return {
    name: 'workspace-sources',
    resolveImport({ source }) {
      const entry = workspaceEntries[source];
      return entry ? `/${entry}` : undefined;
    },
  };
}
