import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: ['scripts/size-apps/full.ts'], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2020', write: false, logLevel: 'silent' });
const out = r.outputFiles[0].contents;
console.log('min', out.length, 'gzip', gzipSync(out, { level: 9 }).length);
