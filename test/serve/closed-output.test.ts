/**
 * `splitkit serve … | head -n 1`: once the reader of stdout is gone, every access-log line is an EPIPE. That
 * crashed the server with an unhandled 'error' event; now the lines are dropped and it keeps serving.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../collector/support/child-collector.js';
import type { ChildCli } from '../collector/support/child-collector.js';

describe('splitkit serve with its stdout closed', () => {
  let dir: string;
  let cli: ChildCli;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-epipe-'));
    await copyFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), join(dir, 'ruleset.json'));
  });

  afterAll(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps serving and stops gracefully when nobody reads its stdout any more', async () => {
    cli = spawnCli(['serve', '--ruleset', join(dir, 'ruleset.json'), '--store', join(dir, 'e.ndjson'), '--port', '0']);
    const origin = (await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
    // As `| head -n 1` does after its line: the pipe's reading end goes away.
    cli.child.stdout!.destroy();
    for (let i = 0; i < 5; i++) {
      const health = await fetch(`${origin}/healthz`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(cli.child.exitCode).toBe(null);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).not.toContain('EPIPE');
  }, 30_000);
});
