import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { bundleShared } from '../scripts/rollup-shared.mjs';

// Dependencies stay external: the consumer's bundler dedupes Lit and resolves the softphone library
// (and its JsSIP). @wwe-webrtc/shared is private: bundled in.
const external = [/^lit(\/|$)/, /^@lit\//, '@wwe-webrtc/softphone', 'jssip'];
const input = { index: 'src/index.ts', host: 'src/host.ts' };

export default [
  {
    input,
    external,
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [
      bundleShared(),
      typescript({
        tsconfig: './tsconfig.build.json',
        compilerOptions: { declaration: false, composite: false, sourceMap: true, outDir: 'dist' },
      }),
    ],
  },
  {
    input,
    external,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
    plugins: [bundleShared(), dts({ tsconfig: './tsconfig.build.json' })],
  },
];
