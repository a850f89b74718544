/**
 * Nothing acknowledged is lost when the collector process is killed: the
 * collector runs in a child process, is SIGKILLed the moment the first 2xx
 * arrives while other batches are in flight, and the log is reopened.
 * (SIGKILL cannot lose the kernel's page cache, so this proves every
 * acknowledged event was written to the file before the answer; fdatasync
 * before the answer, for power loss, is checked in ndjson-store.test.ts.)
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { silentLogger } from '../../src/io/logger.js';
import { batch, collect, customEvents } from './support/events.js';
import { spawnCollector } from './support/child-collector.js';
import type { ChildCli } from './support/child-collector.js';

let dir: string;
let file: string;
const children: ChildCli[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-crash-'));
  file = join(dir, 'events.ndjson');
});

afterEach(async () => {
  for (const cli of children.splice(0)) {
    cli.child.kill('SIGKILL');
    await cli.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

/** Sends 40 batches of 25 events at once and SIGKILLs the collector on the first 2xx; returns what was acknowledged. */
async function sendAndKill(
  cli: ChildCli & { url: string },
): Promise<{ acknowledged: SplitkitEvent[]; sent: SplitkitEvent[] }> {
  const batches = Array.from({ length: 40 }, () => customEvents(25));
  const acknowledged: SplitkitEvent[] = [];
  await Promise.all(
    batches.map(async (events) => {
      try {
        const res = await fetch(cli.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(batch(events)),
        });
        if (res.ok) {
          cli.child.kill('SIGKILL');
          acknowledged.push(...events);
        }
      } catch {
        // Cut off by the kill: not acknowledged, so the client would send it again.
      }
    }),
  );
  const exit = await cli.exited;
  expect(exit.signal).toBe('SIGKILL');
  return { acknowledged, sent: batches.flat() };
}

async function storedIds(): Promise<string[]> {
  const store = await createNdjsonStore({ path: file, logger: silentLogger });
  try {
    return (await collect(store.read())).map((event) => event.id);
  } finally {
    await store.close();
  }
}

it('keeps every acknowledged event when the collector is SIGKILLed right after answering', async () => {
  const first = await spawnCollector(['--store', file]);
  children.push(first);
  const round1 = await sendAndKill(first);
  expect(round1.acknowledged.length).toBeGreaterThan(0);
  const afterKill = await storedIds();
  expect(afterKill).toEqual(expect.arrayContaining(round1.acknowledged.map((event) => event.id)));
  expect(new Set(afterKill).size).toBe(afterKill.length);

  // A crash in the middle of a write leaves half a line; the next collector must start anyway.
  await appendFile(file, '{"id":"half-written","type":"event","na');
  const second = await spawnCollector(['--store', file]);
  children.push(second);
  expect(second.stderr()).toContain('dropped an unfinished last line');
  // Clients resend what was not acknowledged; duplicates are dropped by id.
  const resend = await fetch(second.url, { method: 'POST', body: JSON.stringify(batch(round1.sent)) });
  expect(await resend.json()).toEqual({
    accepted: round1.sent.length - afterKill.length,
    duplicates: afterKill.length,
  });
  const round2 = await sendAndKill(second);

  // The kill can land inside a group commit's write (batches in flight are written together), which can only
  // leave the last line unfinished: every line before it is whole.
  const raw = await readFile(file, 'utf8');
  for (const line of raw.slice(0, raw.lastIndexOf('\n')).split('\n'))
    expect(() => JSON.parse(line) as unknown).not.toThrow();
  // Reopening the log drops that unfinished line, after which every line is whole and the file ends with one.
  const final = await storedIds();
  const lines = (await readFile(file, 'utf8')).split('\n');
  expect(lines.pop()).toBe('');
  for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  expect(final).toEqual(expect.arrayContaining([...round1.sent, ...round2.acknowledged].map((event) => event.id)));
  expect(final).not.toContain('half-written');
  expect(new Set(final).size).toBe(final.length);
});
