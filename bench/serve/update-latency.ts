/**
 * Update latency of `splitkit serve`: a real serve process (from source),
 * one raw event-stream client connected to `/ruleset.json`, and the time
 * from writing a new ruleset file to its `ruleset` event arriving at the
 * client: the file watch, the 50 ms debounce, reading, validating, tagging
 * and pushing. (The whole path to a real client's `subscribe` callback is
 * end-to-end-latency.ts.)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { startServe } from './start-serve.js';

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
  const base = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8');
  const serve = await startServe(base);
  const file = serve.rulesetFile;
  const controller = new AbortController();
  try {
    const origin = serve.origin;
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
    await serve.stop();
  }
}
