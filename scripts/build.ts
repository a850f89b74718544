/**
 * `npm run build`: a clean dist/ from tsup (tsup.config.ts), then one line
 * saying what was built. tsup runs silent, so a build prints its errors and
 * this line, not the name of every one of its several hundred output files.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRIES } from './entries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
const tsup = spawnSync(join(root, 'node_modules', '.bin', 'tsup'), { cwd: root, stdio: 'inherit' });
if (tsup.status !== 0) {
  console.error(`build failed (tsup exited with ${tsup.status ?? tsup.signal})`);
  process.exit(1);
}

const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((name) =>
  statSync(join(dist, name)).isFile(),
);
const count = (suffix: RegExp) => files.filter((name) => suffix.test(name)).length;
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `built dist/ in ${seconds} s: ${Object.keys(ENTRIES).length} entries; ${count(/(?<!\.d)\.js$/)} ESM modules, ` +
    `${count(/\.cjs$/)} CommonJS files, ${count(/\.d\.c?ts$/)} declaration files, source maps`,
);
