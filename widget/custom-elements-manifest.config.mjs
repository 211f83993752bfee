// Custom Elements Manifest (custom-elements.json) of <wwe-softphone>, for editors, docs tools and
// framework wrappers: its attributes, properties, methods, events, CSS parts and custom properties.
// `pnpm build` writes it next to package.json, whose `customElements` field points at it.
export default {
  globs: ['src/index.ts', 'src/element/wwe-softphone.ts'],
  outdir: '.',
  litelement: true,
  // package.json's `customElements` names the file; the analyzer must not rewrite it (the manifest test
  // writes to a temporary folder).
  packagejson: false,
};
