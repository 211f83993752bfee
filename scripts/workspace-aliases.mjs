// Workspace packages by import name → their TypeScript entry, so the dev server, the test runner and the
// benchmarks run the sources (no library build needed, no stale dist/). Paths are relative to the repo root.
export const workspaceEntries = {
  '@wwe-webrtc/shared': 'packages/shared/src/index.ts',
  '@wwe-webrtc/softphone': 'packages/softphone/src/index.ts',
  '@wwe-webrtc/lab': 'packages/lab/src/index.ts',
  '@wwe-webrtc/widget': 'widget/src/index.ts',
  '@wwe-webrtc/widget/host': 'widget/src/host.ts',
};
