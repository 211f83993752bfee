import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { bundleShared } from '../../scripts/rollup-shared.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const dependencies = Object.keys(pkg.dependencies ?? {});
const external = (id) =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

const compilerOptions = { declaration: false, composite: false, sourceMap: true };

export default [
  {
    input: { index: 'src/index.ts', cli: 'src/cli.ts' },
    external,
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js' },
    plugins: [bundleShared(), typescript({ tsconfig: './tsconfig.build.json', compilerOptions })],
  },
  {
    input: 'src/index.ts',
    external,
    output: { file: 'dist/index.d.ts', format: 'es' },
    plugins: [bundleShared(), dts({ tsconfig: './tsconfig.build.json' })],
  },
];
