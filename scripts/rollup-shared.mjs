// Rollup plugin: bundles `@wwe-webrtc/shared` (private, never published) into the package being built,
// from its TypeScript sources, so the published JavaScript stands alone. The package's own sources go
// through @rollup/plugin-typescript (type-checked against its tsconfig); these only need transpiling.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const sources = fileURLToPath(new URL('../packages/shared/src/', import.meta.url));

export function bundleShared() {
  return {
    name: 'bundle-shared',
    resolveId(source, importer) {
      if (source === '@wwe-webrtc/shared') return `${sources}index.ts`;
      // Inside shared, `./module.js` names the TypeScript source `./module.ts`.
      if (importer?.startsWith(sources) && source.startsWith('./')) return resolve(dirname(importer), source.replace(/\.js$/, '.ts'));
      return null;
    },
    transform(code, id) {
      if (!id.startsWith(sources)) return null;
      const { outputText, sourceMapText } = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true, verbatimModuleSyntax: true },
      });
      return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: sourceMapText };
    },
  };
}
