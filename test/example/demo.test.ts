import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run demo` as a user runs it (issue 4): the 2,700 visitors of the 80/20 red/blue experiment go through
// the real transport to a collector on loopback, and the report is printed and written as HTML. Run in a
// temporary directory so the HTML lands there, not in the repository.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function runDemo(cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    join(root, 'node_modules/.bin/tsx'),
    ['--tsconfig', join(root, 'tsconfig.json'), join(root, 'examples/quickstart/main.ts')],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('npm run demo', () => {
  it('runs the whole loop: every event delivered, 2,700 units split 80/20, stitched purchases counted, HTML written', {
    timeout: 120_000,
  }, async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'splitkit-demo-test-'));
    dirs.push(cwd);
    const { code, out, err } = await runDemo(cwd);
    expect(code, err).toBe(0);
    // Through the real transport: nothing dropped, no batch failed.
    expect(out).toMatch(/"dropped":0,"retried":\d+,"failedBatches":0/);
    expect(out).toContain('· 2,700 units ·');
    expect(out).toMatch(/\n {2}red +80 +80\.0% +[\d,]+ /);
    expect(out).toMatch(/\n {2}blue +20 +20\.0% +[\d,]+ /);
    expect(out).toMatch(/\nSRM: ok {2}χ² = /);
    // Every purchase tracked by userID after a login is stitched back to its device, none lost.
    const loggedIn = Number(/\((\d+) purchases were tracked by userID/.exec(out)?.[1]);
    const stitched = Number(/Events: [\d,]+ counted \((\d+) through identity links\)/.exec(out)?.[1]);
    expect(loggedIn).toBeGreaterThan(0);
    expect(stitched).toBe(loggedIn);
    expect(out).toContain('· 0 not from enrolled units');
    const html = await readFile(join(cwd, 'reports/quickstart.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('button_color');
  });
});
