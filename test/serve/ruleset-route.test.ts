import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRulesetBytes, etagOf } from '../../src/serve/ruleset-file.js';
import type { ServedRuleset } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute, matchesEtag } from '../../src/serve/ruleset-route.js';
import type { RulesetRoute, RulesetRouteOptions } from '../../src/serve/ruleset-route.js';
import { openEventStream } from './support/sse.js';

function served(text: string, signature?: string): ServedRuleset {
  const bytes = Buffer.from(text);
  const checked = checkRulesetBytes(bytes);
  if (!checked.ok) throw new Error('fixture must be valid');
  return { bytes, text, etag: etagOf(bytes), signature, ruleset: checked.ruleset };
}

const ONE = served('{"version":1,"revision":"1"}');
const TWO = served('{"version":1,"revision":"2"}', 'c2lnbmF0dXJl');

describe('the ruleset route', () => {
  let server: Server | undefined;
  let route: RulesetRoute | undefined;

  afterEach(async () => {
    route?.close();
    const open = server;
    server = undefined;
    route = undefined;
    if (open === undefined) return;
    open.closeAllConnections();
    await new Promise((resolve) => open.close(resolve));
  });

  async function start(options: RulesetRouteOptions = {}): Promise<string> {
    route = createRulesetRoute(ONE, options);
    server = createServer((req, res) => route!.handle(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ruleset.json`;
  }

  it('compares If-None-Match weakly and accepts lists and *', () => {
    expect(matchesEtag(ONE.etag, ONE.etag)).toBe(true);
    expect(matchesEtag(`W/${ONE.etag}`, ONE.etag)).toBe(true);
    expect(matchesEtag(`"other", ${ONE.etag}`, ONE.etag)).toBe(true);
    expect(matchesEtag('*', ONE.etag)).toBe(true);
    expect(matchesEtag('"other"', ONE.etag)).toBe(false);
    expect(matchesEtag(undefined, ONE.etag)).toBe(false);
  });

  it('answers HEAD without a body, other methods with 405, and varies on Accept', async () => {
    const url = await start();
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(ONE.bytes.length));
    expect(head.headers.get('vary')).toBe('Accept');
    expect(head.headers.get('splitkit-signature')).toBeNull();
    const post = await fetch(url, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('publishes to open streams and to the next GET, with the signature', async () => {
    const url = await start();
    const { reader } = await openEventStream(url);
    expect(JSON.parse((await reader.next())!.data)).toEqual({ etag: ONE.etag, body: ONE.text });
    route!.publish(TWO);
    const pushed = (await reader.next())!;
    expect(pushed.id).toBe(TWO.etag);
    expect(JSON.parse(pushed.data)).toEqual({ etag: TWO.etag, signature: 'c2lnbmF0dXJl', body: TWO.text });
    const now = await fetch(url);
    expect([now.headers.get('etag'), now.headers.get('splitkit-signature'), await now.text()]).toEqual([
      TWO.etag,
      'c2lnbmF0dXJl',
      TWO.text,
    ]);
    expect(route!.streamCount()).toBe(1);
    route!.close();
    expect(await reader.next()).toBeUndefined();
  });

  it('pings open streams with a comment and an event (which EventSource shows a page) so proxies keep them', async () => {
    const url = await start({ pingMs: 20 });
    const { reader } = await openEventStream(url);
    await reader.next();
    const deadline = Date.now() + 2_000;
    while (reader.pings.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.pings.length).toBeGreaterThanOrEqual(2);
    // A comment too, the heartbeat of clients of earlier versions.
    expect(reader.comments).toContain(': ping');
    reader.close();
  });

  it('lets allowed browser origins read it, exposing ETag and the signature, and refuses others', async () => {
    const url = await start({ cors: { origins: ['https://app.example'] } });
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Headers': 'if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match');
    const get = await fetch(url, { headers: { Origin: 'https://app.example' } });
    expect(get.headers.get('access-control-expose-headers')).toBe('ETag, Splitkit-Signature');
    expect(get.headers.get('vary')).toBe('Origin, Accept');
    expect((await fetch(url, { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
  });

  it("answers a preflight for the headers a page's source.headers adds (Authorization, its own), to allowed origins only", async () => {
    const url = await start({ cors: { origins: ['https://app.example'] } });
    const preflight = (origin: string, asked: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': asked },
      });
    const asked = await preflight('https://app.example', 'authorization, x-app');
    expect(asked.status).toBe(204);
    expect(asked.headers.get('access-control-allow-headers')).toBe(
      'If-None-Match, Last-Event-ID, Cache-Control, Accept, authorization, x-app',
    );
    expect(asked.headers.get('vary')).toBe('Origin, Accept, Access-Control-Request-Headers');
    // A list that is no list of header names is not echoed.
    const junk = await preflight('https://app.example', 'x-app, <script>');
    expect(junk.headers.get('access-control-allow-headers')).toBe(
      'If-None-Match, Last-Event-ID, Cache-Control, Accept',
    );
    expect((await preflight('https://evil.example', 'authorization')).status).toBe(403);
  });
});
