/**
 * Update latency of `splitkit serve`: a real serve process (from source),
 * one raw event-stream client connected to `/ruleset.json`, and the time
 * from writing a new ruleset file to its `ruleset` event arriving at the
 * client: the file watch, the 50 ms debounce, reading, validating, tagging
 * and pushing. (The client-side `subscribe` latency on top is measured with
 * the delivery client.)
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Milliseconds from just before the file is written to the arrival of its event at the client. */
export interface UpdateLatency {
  updates: number;
  ms: { median: number; p90: number; min: number; max: number };
  /** Updates whose event did not arrive within 5 s. */
  missed: number;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Starts `splitkit serve` and reads its events; `updates` rewrites, `gapMs` apart. */
export async function measureServeUpdateLatency(updates: number, gapMs = 150): Promise<UpdateLatency> {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-bench-serve-'));
  const file = join(dir, 'ruleset.json');
  const base = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8');
  await writeFile(file, base);
  const child = fork(
    fileURLToPath(new URL('./cli.ts', import.meta.url)),
    ['serve', '--ruleset', file, '--store', join(dir, 'events.ndjson'), '--port', '0'],
    {
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
      silent: true,
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const controller = new AbortController();
  try {
    let out = '';
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/[^\s]+:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`splitkit serve exited:\n${out}`)));
    });
    child.stdout!.resume();
    const response = await fetch(`${origin}/ruleset.json`, {
      headers: { Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    // A read that lost the race to the timeout stays the next read, so no chunk is dropped.
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
    // Resolves with the arrival time of the next `ruleset` event.
    const nextEvent = async (timeoutMs: number): Promise<number | undefined> => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith('event: ruleset')) return performance.now();
          continue;
        }
        const left = deadline - performance.now();
        if (left <= 0) return undefined;
        pending ??= reader.read();
        const chunk = await Promise.race([pending, new Promise<undefined>((resolve) => setTimeout(resolve, left))]);
        if (chunk === undefined) return undefined;
        pending = undefined;
        if (chunk.done) return undefined;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    };
    await nextEvent(5_000); // the ruleset at connect
    const samples: number[] = [];
    let missed = 0;
    for (let i = 0; i < updates; i++) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      const started = performance.now();
      await writeFile(file, base.replace('"quickstart-1"', `"bench-${i}"`));
      const arrived = await nextEvent(5_000);
      if (arrived === undefined) missed++;
      else samples.push(arrived - started);
    }
    const sorted = samples.sort((a, b) => a - b);
    return {
      updates,
      ms: {
        median: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        min: sorted[0] ?? Number.NaN,
        max: sorted.at(-1) ?? Number.NaN,
      },
      missed,
    };
  } finally {
    controller.abort();
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
