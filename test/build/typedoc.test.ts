/**
 * The API pages (`npm run docs`) build without a warning: a `{@link}` to a name
 * the pages leave out, or to none at all, is a dead link a reader meets. TypeDoc
 * runs on the committed typedoc.json with warnings as errors and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

it('builds the API pages without a warning', () => {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none', '--treatWarningsAsErrors'],
    { cwd: root, encoding: 'utf8', timeout: 240_000 },
  );
  const problems = `${run.stdout}${run.stderr}`.split('\n').filter((line) => /\[(warning|error)\]/.test(line));
  expect({ status: run.status, problems }).toEqual({ status: 0, problems: [] });
}, 300_000);
