/**
 * Collectors started together on a stale lock: exactly one may take it over.
 * The old takeover (delete the stale lock, then create) let two win in 4 of
 * 130 trials; here four processes race on a fresh stale lock 200 times.
 */
import { fork, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const racer = fileURLToPath(new URL('./fixtures/lock-racer.ts', import.meta.url));
const TRIALS = 200;
let dir: string;
let racers: ChildProcess[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-lock-race-'));
  racers = Array.from({ length: 4 }, () =>
    fork(racer, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(racers.map((child) => new Promise((resolve) => child.once('message', resolve))));
});

afterAll(async () => {
  for (const child of racers) {
    if (child.connected) child.send('exit');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
  await rm(dir, { recursive: true, force: true });
});

it(`lets exactly one of four processes take over a stale lock, ${TRIALS} times`, { timeout: 120_000 }, async () => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const winners: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const path = join(dir, `events-${trial}.ndjson`);
    await writeFile(`${path}.lock`, `${dead}\n`);
    const at = Date.now() + 15;
    const answers = await Promise.all(
      racers.map(
        (child) =>
          new Promise<{ won?: boolean; error?: string }>((resolve) => {
            const onMessage = (message: { path: string; won?: boolean; error?: string }): void => {
              if (message.path !== path) return;
              child.off('message', onMessage);
              resolve(message);
            };
            child.on('message', onMessage);
            child.send({ path, at });
          }),
      ),
    );
    expect(answers.filter((answer) => answer.error !== undefined)).toEqual([]);
    winners.push(answers.filter((answer) => answer.won === true).length);
    // The lock names a live racer, and no claim or temporary file is left behind.
    const owner = Number.parseInt(await readFile(`${path}.lock`, 'utf8'), 10);
    expect(racers.map((child) => child.pid)).toContain(owner);
  }
  expect(winners.filter((count) => count !== 1)).toEqual([]);
  const leftovers = (await readdir(dir)).filter((name) => !name.endsWith('.lock'));
  expect(leftovers).toEqual([]);
});
