import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { bundleShared } from '../../scripts/rollup-shared.mjs';

// JsSIP stays external: consumers' bundlers resolve it (it is CommonJS with circular requires,
// which bundles poorly through @rollup/plugin-commonjs). @wwe-webrtc/shared is bundled in.
const external = ['jssip'];

export default [
  {
    input: 'src/index.ts',
    external,
    // Parts loaded on first use (preflight, call quality and recovery, the gateway's TURN and quality-report clients) are
    // dynamic imports: chunks of their own under dist/chunks/, kept apart by an app's bundler too.
    output: { dir: 'dist', entryFileNames: 'index.js', chunkFileNames: 'chunks/[name].js', format: 'es', sourcemap: true },
    plugins: [
      bundleShared(),
      typescript({
        tsconfig: './tsconfig.build.json',
        compilerOptions: { declaration: false, composite: false, sourceMap: true },
      }),
    ],
  },
  {
    input: 'src/index.ts',
    external,
    output: { file: 'dist/index.d.ts', format: 'es' },
    plugins: [bundleShared(), dts({ tsconfig: './tsconfig.build.json' })],
  },
];
