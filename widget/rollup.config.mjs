import typescript from '@rollup/plugin-typescript';
import minifyTemplates from '@lit-labs/rollup-plugin-minify-html-literals';
import { dts } from 'rollup-plugin-dts';
import { bundleShared } from '../scripts/rollup-shared.mjs';

// Dependencies stay external: the consumer's bundler dedupes Lit and resolves the softphone library
// (and its JsSIP). @wwe-webrtc/shared is private: bundled in.
const external = [/^lit(\/|$)/, /^@lit\//, '@wwe-webrtc/softphone', 'jssip'];
const input = { index: 'src/index.ts', host: 'src/host.ts' };
// Parts loaded on first use (the connect form, "Test my setup", the other-tab view, the host bridge) are
// dynamic imports: they stay chunks of their own under dist/chunks/, and so does an app's bundle of them.

export default [
  {
    input,
    external,
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' },
    plugins: [
      bundleShared(),
      // Lit's html`` and css`` templates without indentation and comments (HTML by html-minifier-next,
      // CSS by lightningcss); before TypeScript, which it reads. A template it cannot parse fails the build.
      minifyTemplates({ include: ['src/**/*.ts'], failOnError: true }),
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
