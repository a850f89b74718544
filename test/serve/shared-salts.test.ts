/**
 * `splitkit serve` warns, as `splitkit validate` does, where two decisions of the ruleset it serves hash the
 * same salt over the same unit: at start and after a reload that brings such a pair.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, type ChildCli } from '../collector/support/child-collector.js';
import { eventually } from './support/eventually.js';

const rule = (id: string, rollout: number, extra: object = {}) => ({ id, rollout, ...extra });
const sharing = JSON.stringify({
  version: 1,
  gates: { checkout: { rules: [rule('rollout', 20)] } },
  params: { checkout: { default: 1, rules: [rule('rollout', 20, { value: 2 })] } },
});
const WARNING =
  'warning: gates.checkout.rules[0] and params.checkout.rules[0] hash the same salt "checkout.rollout" over userID';

describe('splitkit serve with decisions that share a salt', () => {
  let dir: string;
  let cli: ChildCli;
  const file = () => join(dir, 'ruleset.json');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-salts-'));
    await writeFile(file(), sharing);
    cli = spawnCli(['serve', '--ruleset', file(), '--store', join(dir, 'events.ndjson'), '--port', '0']);
    await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  afterAll(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  const warnings = () => cli.stderr().split(WARNING).length - 1;
  const reloads = () => cli.stdout().split('reloaded').length - 1;

  it('warns at start, not after a reload that gives one decision its own salt, and again when the shared salt is back', async () => {
    await eventually(cli.stderr, `splitkit serve: ${file()}: ${WARNING}`);
    expect(warnings()).toBe(1);
    // A reload with a salt of its own for the parameter: no new warning.
    const unshared = JSON.parse(sharing);
    unshared.params.checkout.salt = 'p';
    await writeFile(file(), JSON.stringify(unshared));
    await eventually(() => String(reloads()), '1');
    // Back to the shared salt: warned again.
    await writeFile(file(), sharing);
    await eventually(() => String(reloads()), '2');
    await eventually(() => String(warnings()), '2');
    // stderr and stdout are separate pipes: a warning the first reload wrongly gave could still be on its way.
    // It would be a third; give it time to arrive before counting exactly.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warnings()).toBe(2);
  });
});
