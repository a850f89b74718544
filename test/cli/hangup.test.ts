/**
 * SIGHUP (a closed terminal or SSH session) stops `serve` and `collect` as SIGTERM does: uncaught, it killed
 * the process at once, cutting requests and leaving the NDJSON log's lock behind.
 */
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli } from '../collector/support/child-collector.js';
import type { ChildCli } from '../collector/support/child-collector.js';

describe.skipIf(process.platform === 'win32')('SIGHUP', () => {
  let dir: string;
  let cli: ChildCli | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-hup-'));
    await copyFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), join(dir, 'ruleset.json'));
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['serve', ['--ruleset', 'RULESET']],
    ['collect', []],
  ])(
    'stops %s gracefully: exit 0, the lock released',
    async (command, extra) => {
      const store = join(dir, 'events.ndjson');
      const args = extra.map((arg) => (arg === 'RULESET' ? join(dir, 'ruleset.json') : arg));
      cli = spawnCli([command, ...args, '--store', store, '--port', '0']);
      await cli.waitFor('listening on ');
      await stat(`${store}.lock`);
      cli.child.kill('SIGHUP');
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      expect(cli.stdout()).toContain('SIGHUP: stopping');
      expect(cli.stdout()).toContain('stopped');
      await expect(stat(`${store}.lock`)).rejects.toThrow(/ENOENT/);
    },
    30_000,
  );
});
