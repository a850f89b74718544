import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The stats engine runs unchanged in browsers and Node: no I/O, no host
// globals, no clock or randomness, and imports only from itself and the
// error hierarchy.
const root = fileURLToPath(new URL('../../../src/analysis/stats', import.meta.url));
const errors = fileURLToPath(new URL('../../../src/errors/index.ts', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const FORBIDDEN = [
  /\bnode:/,
  /\bprocess\./,
  /\bconsole\./,
  /Math\.random/,
  /\bDate\b/,
  /\bglobalThis\b/,
  /\brequire\(/,
  /\bfetch\(/,
  /\bset(Timeout|Interval)\(/,
];

describe('stats engine purity', () => {
  const files = sources(root);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('uses no host APIs, clock or randomness', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const pattern of FORBIDDEN)
        expect(pattern.test(code), `${relative(root, file)} matches ${pattern}`).toBe(false);
    }
  });

  it('imports only its own modules and src/errors', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/from '([^']+)'/g)) {
        const target = match[1] as string;
        const resolved = resolve(dirname(file), target).replace(/\.js$/, '.ts');
        const allowed = resolved === errors || !relative(root, resolved).startsWith('..');
        expect(allowed, `${relative(root, file)} imports ${target}`).toBe(true);
      }
    }
  });
});
