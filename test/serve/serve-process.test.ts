/**
 * `splitkit serve` as a user runs it: a child process on port 0, checked over
 * real HTTP (ETag and 304, a signature verified with WebCrypto, the stream
 * pushing a rewritten file within a second, a bad file not served, the
 * collector storing a batch, /healthz) and stopped with SIGTERM.
 */
import { request } from 'node:http';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { spawnCli } from '../collector/support/child-collector.js';
import type { ChildCli } from '../collector/support/child-collector.js';
import { batch, custom } from '../collector/support/events.js';
import { openEventStream } from './support/sse.js';
import { eventually } from './support/eventually.js';

const RULESET = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8');

async function verifier(
  publicKey: string,
): Promise<(signature: string, bytes: Uint8Array<ArrayBuffer>) => Promise<boolean>> {
  const key = await crypto.subtle.importKey('raw', Buffer.from(publicKey, 'base64'), { name: 'Ed25519' }, false, [
    'verify',
  ]);
  return (signature, bytes) => crypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(signature, 'base64'), bytes);
}

describe('splitkit serve process', () => {
  let dir: string;
  let cli: ChildCli;
  let origin: string;
  let verify: (signature: string, bytes: Uint8Array<ArrayBuffer>) => Promise<boolean>;
  const rulesetFile = () => join(dir, 'ruleset.json');
  const storeFile = () => join(dir, 'events.ndjson');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-'));
    await writeFile(rulesetFile(), RULESET);
    const quiet = { out() {}, err() {} };
    expect(await main(['keygen', '--out', dir], quiet)).toBe(0);
    verify = await verifier((await readFile(join(dir, 'splitkit-signing.pub'), 'utf8')).trim());
    cli = spawnCli([
      'serve',
      '--ruleset',
      rulesetFile(),
      '--store',
      storeFile(),
      '--port',
      '0',
      '--key',
      join(dir, 'splitkit-signing.key'),
    ]);
    origin = (await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
  });

  afterAll(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the exact bytes with a strong ETag and a valid signature, and 304 on If-None-Match', async () => {
    const response = await fetch(`${origin}/ruleset.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"sha256-[A-Za-z0-9_-]{22}"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes).toString('utf8')).toBe(RULESET);
    expect(await verify(response.headers.get('splitkit-signature')!, bytes)).toBe(true);
    // A tampered body does not verify with the same signature.
    expect(await verify(response.headers.get('splitkit-signature')!, Buffer.from(RULESET.replace('80', '81')))).toBe(
      false,
    );

    const again = await fetch(`${origin}/ruleset.json`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const other = await fetch(`${origin}/ruleset.json`, {
      headers: { 'If-None-Match': '"sha256-somethingelse0000000000"' },
    });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
    await eventually(cli.stdout, 'GET /ruleset.json 304 ');
  });

  it('pushes a rewritten file to a connected stream within a second, and keeps the last good one when the file goes bad', async () => {
    const { status, contentType, reader } = await openEventStream(`${origin}/ruleset.json`);
    try {
      expect(status).toBe(200);
      expect(contentType).toBe('text/event-stream; charset=utf-8');
      const first = (await reader.next())!;
      expect(first.event).toBe('ruleset');
      const current = (await fetch(`${origin}/ruleset.json`, { method: 'HEAD' })).headers.get('etag');
      expect(first.id).toBe(current);
      expect(JSON.parse(first.data)).toMatchObject({ etag: current, body: RULESET });

      const changed = RULESET.replace('"quickstart-1"', '"quickstart-2"');
      const written = performance.now();
      await writeFile(rulesetFile(), changed);
      const pushed = (await reader.next(2_000))!;
      expect(pushed.at - written).toBeLessThan(1_000);
      const data = JSON.parse(pushed.data) as { etag: string; signature: string; body: string };
      expect(data.body).toBe(changed);
      expect(pushed.id).toBe(data.etag);
      expect(await verify(data.signature, new TextEncoder().encode(data.body))).toBe(true);
      const now = await fetch(`${origin}/ruleset.json`);
      expect(now.headers.get('etag')).toBe(data.etag);
      expect(await now.text()).toBe(changed);

      // A rule out of range: logged with its path, not served, not pushed.
      await writeFile(rulesetFile(), changed.replace('"rollout": 20', '"rollout": 150'));
      await eventually(cli.stderr, 'gates.new_checkout.rules[1].rollout');
      expect(cli.stderr()).toContain(`still serving ${data.etag}`);
      expect((await fetch(`${origin}/ruleset.json`, { method: 'HEAD' })).headers.get('etag')).toBe(data.etag);
      await expect(reader.next(700)).rejects.toThrow(/no event/);

      // A reconnect that names the ETag it holds gets no repeat of it.
      const resumed = await openEventStream(`${origin}/ruleset.json`, { 'Last-Event-ID': data.etag });
      await expect(resumed.reader.next(300)).rejects.toThrow(/no event/);
      resumed.reader.close();
    } finally {
      reader.close();
    }
  });

  it('collects a batch at /events into the store and answers /healthz', async () => {
    const events = [custom('purchase', Date.now()), custom('signup', Date.now())];
    const response = await fetch(`${origin}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(batch(events)),
    });
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 });
    const stored = (await readFile(storeFile(), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(stored).toEqual(events.map((event) => event.id));

    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', ruleset: { etag: expect.stringMatching(/^"sha256-/) } });
    expect((await fetch(`${origin}/nowhere`)).status).toBe(404);
    await eventually(cli.stdout, 'POST /events 200 ');
    expect(cli.stdout()).toMatch(/^GET \/healthz 200 \d+\.\dms$/m);
  });

  it('on SIGTERM ends open streams, stores the batch in flight, exits 0 and releases the store lock', async () => {
    const { reader } = await openEventStream(`${origin}/ruleset.json`);
    expect((await reader.next())!.event).toBe('ruleset');
    await stat(`${storeFile()}.lock`);
    // Half a batch is on the wire when SIGTERM arrives: it must still be answered and stored.
    const late = custom('late', Date.now());
    const body = JSON.stringify(batch([late]));
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        `${origin}/events`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 40), () => {
        cli.child.kill('SIGTERM');
        void cli.waitFor('SIGTERM: stopping').then(() => req.end(body.slice(40)));
      });
    });
    expect(await answered).toBe(200);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(await readFile(storeFile(), 'utf8')).toContain(late.id);
    expect(await reader.next()).toBeUndefined();
    expect(cli.stdout()).toContain('SIGTERM: stopping');
    expect(cli.stdout()).toContain('stopped');
    await expect(stat(`${storeFile()}.lock`)).rejects.toThrow(/ENOENT/);
  });
});
