/**
 * A ruleset path that is not a regular file (a FIFO, a device): reading one blocked in open() forever, so the
 * reloader never reloaded again and the process never exited after SIGTERM. Now it is refused at once with a
 * clear message: at start (exit 1) and on reload (logged, the last good ruleset kept).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { spawnCli } from '../collector/support/child-collector.js';
import type { ChildCli } from '../collector/support/child-collector.js';
import { captureIo } from '../cli/support.js';
import { eventually } from './support/eventually.js';

const RULESET = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8');

describe.skipIf(process.platform === 'win32')('a ruleset path that is not a regular file', () => {
  let dir: string;
  let cli: ChildCli | undefined;
  const file = () => join(dir, 'ruleset.json');
  const store = () => join(dir, 'events.ndjson');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-fifo-'));
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('serve refuses a FIFO at start with exit 1; validate says what a FIFO or a device is', async () => {
    execFileSync('mkfifo', [file()]);
    cli = spawnCli(['serve', '--ruleset', file(), '--store', store(), '--port', '0']);
    const exited = await Promise.race([
      cli.exited,
      new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000)),
    ]);
    expect(exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain(`${file()}: cannot read the file: is a FIFO (named pipe), not a regular file`);
    const io = captureIo();
    expect(await main(['validate', file(), '/dev/zero'], io)).toBe(1);
    expect(io.errors).toContain(`${file()}: cannot read the file: is a FIFO (named pipe), not a regular file`);
    expect(io.errors).toContain('/dev/zero: cannot read the file: is a device, not a regular file');
  }, 30_000);

  it('on reload logs a FIFO, keeps the last good ruleset, reloads the next good file, and exits on SIGTERM', async () => {
    await writeFile(file(), RULESET);
    cli = spawnCli(['serve', '--ruleset', file(), '--store', store(), '--port', '0']);
    const origin = (await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
    const etag = (await fetch(`${origin}/ruleset.json`, { method: 'HEAD' })).headers.get('etag');

    await rm(file());
    execFileSync('mkfifo', [file()]);
    await eventually(cli.stderr, 'is a FIFO (named pipe), not a regular file');
    expect(cli.stderr()).toContain(`still serving ${etag}`);
    expect((await fetch(`${origin}/ruleset.json`, { method: 'HEAD' })).headers.get('etag')).toBe(etag);

    // The reloader is not stuck: the next good file is served.
    const fixed = RULESET.replace('"quickstart-1"', '"after-fifo"');
    await writeFile(join(dir, 'next.json'), fixed);
    await rename(join(dir, 'next.json'), file());
    await eventually(cli.stdout, `ruleset ${file()} reloaded`);
    expect(await (await fetch(`${origin}/ruleset.json`)).text()).toBe(fixed);

    // And nothing pending keeps the process alive after a graceful stop.
    await rm(file());
    execFileSync('mkfifo', [file()]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    cli.child.kill('SIGTERM');
    const exited = await Promise.race([
      cli.exited,
      new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000)),
    ]);
    expect(exited).toEqual({ code: 0, signal: null });
  }, 40_000);
});
