/**
 * `splitkit serve` after a bad write that is then undone: an editor's truncate-then-write seen half-way, a file
 * deleted and put back, `git checkout` of the served version. The file is served again as before; the log,
 * which said it could not be served, says so too (it stayed on the error, as if the file were still broken).
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRuleset, spawnServe } from './support/spawn-serve.js';
import type { ChildCli } from '../collector/support/child-collector.js';
import { eventually } from './support/eventually.js';

const RULESET = JSON.stringify({ revision: 1, gates: { g: { rules: [{ id: 'all', rollout: 50 }] } } });

describe('splitkit serve after a bad file is put right again', () => {
  let dir: string;
  let cli: ChildCli;
  let etag: string;
  const file = () => join(dir, 'ruleset.json');
  const publish = (text: string) => publishRuleset(dir, text);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-recovered-'));
    await writeFile(file(), RULESET);
    ({ cli } = await spawnServe(dir));
    const line = await cli.waitFor(/\(ruleset: \S+ from \S+, "sha256-[\w-]{22}"/);
    etag = line.match(/"sha256-[\w-]{22}"/)![0];
  });

  afterAll(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('says when the file it could not serve is the served ruleset again', async () => {
    await publish('{"revision": 1, "gates": {');
    await eventually(cli.stderr, `changed but cannot be served; still serving ${etag}`);
    await publish(RULESET);
    await eventually(cli.stdout, `ruleset ${file()} can be served again: unchanged, still ${etag}`);

    await unlink(file());
    await eventually(cli.stderr, 'cannot read the file: no such file');
    await publish(RULESET);
    await eventually(() => String(cli.stdout().split('can be served again').length - 1), '2');
    // Neither was a new ruleset: nothing was pushed.
    expect(cli.stdout()).not.toContain('reloaded');
  });
});
