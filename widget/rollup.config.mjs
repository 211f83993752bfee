import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

// Dependencies stay external: the consumer's bundler dedupes Lit and resolves JsSIP (CommonJS).
const external = [/^lit(\/|$)/, /^@lit\//, /^@wwe-webrtc\//, 'jssip'];
const input = { index: 'src/index.ts', host: 'src/host.ts' };

export default [
  {
    input,
    external,
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [
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
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  },
];
