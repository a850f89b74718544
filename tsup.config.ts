import { defineConfig } from 'tsup';

// One entry per public subpath; adapters (collector, analysis, openfeature, react)
// are added here as they land, each depending on the core and never the reverse.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  splitting: true,
});
