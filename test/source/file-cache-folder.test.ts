/**
 * `source.cacheFile` in a folder that does not exist yet, as docs/delivery.md's recipe has it
 * (`/var/cache/app/ruleset.json` on a fresh machine). Every write failed (ENOENT, ignored by design), so the
 * cache never held anything and a restart with the flag server down served defaults. The folder is made now.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rulesetWith, sourceClient } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const answer: typeof fetch = async () =>
  new Response(JSON.stringify(rulesetWith(true)), { headers: { ETag: '"v1"', 'Content-Type': 'application/json' } });
const down: typeof fetch = async () => new Response('down', { status: 503 });

describe('source.cacheFile in a missing folder', () => {
  it('makes the folders, so the next start with the network down reads the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitkit-cache-folder-'));
    dirs.push(dir);
    const file = join(dir, 'var', 'cache', 'app', 'ruleset.json');
    const first = sourceClient({ pollIntervalMs: 0, cacheFile: file, cache: undefined, fetch: answer });
    expect(await first.client.ready()).toBe('network');
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 5_000 });
    expect(JSON.parse(readFileSync(file, 'utf8')).etag).toBe('"v1"');
    await first.client.shutdown();

    const second = sourceClient({ pollIntervalMs: 0, cacheFile: file, cache: undefined, fetch: down });
    expect(await second.client.ready()).toBe('cache');
    expect(second.client.checkGate('g', { userID: 'u1' })).toBe(true);
    await second.client.shutdown();
  });

  it('a folder that cannot be made (a file in the way) costs the cache only: no report, the ruleset in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitkit-cache-folder-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    const file = join(dir, 'blocker', 'app', 'ruleset.json');
    const { client, errors } = sourceClient({ pollIntervalMs: 0, cacheFile: file, cache: undefined, fetch: answer });
    expect(await client.ready()).toBe('network');
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    await client.shutdown();
    expect(errors).toEqual([]);
    expect(existsSync(join(dir, 'blocker'))).toBe(true);
  });
});
