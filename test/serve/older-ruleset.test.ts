/**
 * `splitkit serve` given a file older than the one it served (a rollback by `git revert`, an old backup):
 * it serves the file, as asked, but says on stderr that clients holding the newer ruleset refuse it. One
 * whose updatedAt is ahead of the clock gets a warning too.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRuleset, spawnServe } from './support/spawn-serve.js';
import type { ChildCli } from '../collector/support/child-collector.js';
import { eventually } from './support/eventually.js';

const ruleset = (fields: object, rollout = 50) =>
  JSON.stringify({ ...fields, gates: { g: { rules: [{ id: 'all', rollout }] } } });

describe('splitkit serve with an older ruleset file', () => {
  let dir: string;
  let cli: ChildCli;
  let origin: string;
  const file = () => join(dir, 'ruleset.json');
  const publish = (text: string) => publishRuleset(dir, text);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-older-'));
    await writeFile(file(), ruleset({ revision: 5 }));
    ({ cli, origin } = await spawnServe(dir));
  });

  afterAll(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a lower revision or an older updatedAt, and warns that clients holding the newer refuse it', async () => {
    const reloads = () => cli.stdout().split('reloaded').length - 1;
    await publish(ruleset({ revision: 6 }, 60));
    await eventually(() => String(reloads()), '1');
    expect(cli.stderr()).toBe('');

    await publish(ruleset({ revision: 3 }));
    await eventually(cli.stderr, 'revision 3 is older than the 6 served before');
    expect(cli.stderr()).toContain('clients that have that ruleset refuse this one');
    expect(await (await fetch(`${origin}/ruleset.json`)).text()).toBe(ruleset({ revision: 3 }));

    // updatedAt decides when the revisions are not both numbers.
    await publish(ruleset({ updatedAt: '2026-02-01T00:00:00Z' }));
    await eventually(() => String(reloads()), '3');
    await publish(ruleset({ updatedAt: '2026-01-01T00:00:00Z' }));
    await eventually(cli.stderr, 'updatedAt 2026-01-01T00:00:00Z is older than the 2026-02-01T00:00:00Z served before');
    expect(cli.stderr().match(/is older than/g)).toHaveLength(2);

    // A publishing machine whose clock is a day ahead: served, with a warning.
    const ahead = new Date(Date.now() + 86_400_000 + 60_000).toISOString();
    await publish(ruleset({ updatedAt: ahead }));
    await eventually(cli.stderr, `updatedAt ${ahead} is 24 h ahead of this machine's clock`);
  });
});
