/**
 * A `--store` that is not a regular file, and an `analyze --ruleset` that cannot be used: each names its path
 * and problem. Before, `analyze --store <directory>` printed `EISDIR: illegal operation on a directory, read`
 * (no path); `analyze` and `collect` given a FIFO blocked for good, printing nothing; and `analyze --ruleset`
 * given broken JSON printed `JSON.parse`'s message, which names neither the file nor the line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { spawnCli, type ChildCli } from '../collector/support/child-collector.js';
import { runCaptured } from './support.js';

const ANALYZE = ['--experiment', 'button_color', '--metric', 'purchase:conversion'];

describe('splitkit analyze, collect and serve: a --store or --ruleset they cannot use', () => {
  let dir: string;
  let cli: ChildCli | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-store-path-'));
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('analyze --store <directory>: exit 1 naming the directory, for the memory engine', async () => {
    const run = await runCaptured(runAnalyze, ['--store', dir, ...ANALYZE, '--engine', 'memory']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `splitkit analyze: Cannot open the event log ${dir}: is a directory; an event log is an NDJSON file [STORE_FAILED]\n`,
    );
  });

  // A process each: without the check, the FIFO's open() blocks a thread of the process for good.
  it.skipIf(process.platform === 'win32').each([
    ['analyze', (fifo: string) => ['analyze', '--store', fifo, ...ANALYZE, '--engine', 'memory']],
    ['collect', (fifo: string) => ['collect', '--store', fifo, '--port', '0']],
  ])(
    '%s --store <FIFO>: exit 1 at once, naming it',
    async (_name, argv) => {
      const fifo = join(dir, 'events.ndjson');
      execFileSync('mkfifo', [fifo]);
      cli = spawnCli(argv(fifo));
      const exited = await Promise.race([
        cli.exited,
        new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000)),
      ]);
      expect(exited).toEqual({ code: 1, signal: null });
      expect(cli.stderr()).toContain(
        `Cannot open the event log ${fifo}: is a FIFO (named pipe), not a regular file; an event log is an NDJSON file`,
      );
    },
    30_000,
  );

  it('analyze --ruleset with a JSON syntax error or a malformed experiment: exit 1, the file, line and path named', async () => {
    const store = join(dir, 'events.ndjson');
    await writeFile(store, '');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{\n  "version": 1,\n  x\n}\n');
    const syntax = await runCaptured(runAnalyze, ['--store', store, ...ANALYZE, '--ruleset', broken]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(
      new RegExp(
        `^splitkit analyze: --ruleset ${broken} cannot be used:\\n${broken}: invalid JSON: line 3, column 3: `,
      ),
    );

    // Only the experiment analyzed is read (a problem elsewhere does not stop an analysis): its problem is named.
    const invalid = join(dir, 'invalid.json');
    const experiment = { variants: [{ key: 'a' }] };
    const gates = { elsewhere: { rules: [{ id: 'r', rollout: 500 }] } };
    await writeFile(invalid, JSON.stringify({ version: 1, gates, experiments: { button_color: experiment } }));
    const checked = await runCaptured(runAnalyze, ['--store', store, ...ANALYZE, '--ruleset', invalid]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toBe(
      `splitkit analyze: --ruleset ${invalid} cannot be used:\n` +
        `${invalid}: experiments.button_color.variants[0]: expected { key, weight }\n`,
    );
  });
});
