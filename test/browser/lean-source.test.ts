/**
 * The lean client's ruleset source in headless Chromium: the ruleset a page
 * fetched is cached in localStorage, and a reload while the server answers
 * 503 reads it at once (`ready()` says 'cache'); with `stream: true` against
 * `splitkit serve`'s ruleset route, a ruleset the server publishes reaches
 * the page's `subscribe` listener with the names that changed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulesetInput } from '../../src/ruleset/input.js';
import { checkRulesetBytes, etagOf, type ServedRuleset } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute, type RulesetRoute } from '../../src/serve/ruleset-route.js';
import { browserTestsEnabled } from './support/chromium.js';
import { LEAN_SCRIPT, leanPages, pageValue, sendHtml } from './support/lean-site.js';

/** A ruleset whose gate serves `on` and whose parameter serves `banner`; `revision` orders them. */
function ruleset(revision: number, on: boolean, banner: string): RulesetInput {
  return {
    version: 1,
    revision,
    gates: { new_checkout: { rules: [{ id: 'everyone', rollout: on ? 100 : 0 }] } },
    experiments: {
      button_color: { allocation: 100, variants: [{ key: 'red', weight: 100 }] },
    },
    params: { banner: { default: banner } },
  };
}

/** The ruleset as `splitkit serve` serves it (bytes, ETag, the parsed copy). */
function served(input: RulesetInput): ServedRuleset {
  const bytes = Buffer.from(JSON.stringify(input));
  const checked = checkRulesetBytes(bytes);
  if (!checked.ok) throw new Error(`the test ruleset does not validate: ${JSON.stringify(checked)}`);
  return { bytes, text: bytes.toString(), etag: etagOf(bytes), signature: undefined, ruleset: checked.ruleset };
}

/** A lean client on `?source=` (the source options as JSON); what it read at first and once ready, and each change. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="${LEAN_SCRIPT}"></script>
<script>
  const errors = [];
  window.changes = [];
  const read = () => ({ gate: client.checkGate('new_checkout'), banner: client.getParam('banner', 'default') });
  window.client = splitkit.createClient({
    user: { userID: 'visitor-1' },
    source: JSON.parse(new URLSearchParams(location.search).get('source')),
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  client.subscribe((change) => changes.push(change));
  // What the first reads reported (a first visit's read of a flag no ruleset has yet), apart from the source's.
  window.first = { ...read(), status: client.status(), errors: errors.splice(0) };
  window.result = client.ready({ timeoutMs: 10000 }).then((from) => ({ from, ...read(), errors }));
</script></body></html>`;

interface Reads {
  gate: boolean;
  banner: string;
}
type FirstPaint = Reads & { status: { origin: string; stale: boolean; ready: boolean }; errors: string[] };
type Ready = Reads & { from: string; errors: string[] };

describe.skipIf(!browserTestsEnabled)('splitkit/lean ruleset source in headless Chromium', () => {
  let cached: RulesetRoute;
  let streamed: RulesetRoute;
  /** The cache test's ruleset server is down: 503 for every request. */
  let down = false;
  const requests = { cached: 0, streamed: 0 };
  const pages = leanPages((req, res, path) => {
    if (path === '/') sendHtml(res, PAGE);
    else if (path === '/cached/ruleset.json') {
      requests.cached++;
      if (down) res.writeHead(503, { 'Retry-After': '60' }).end();
      else cached.handle(req, res);
    } else if (path === '/streamed/ruleset.json') {
      requests.streamed++;
      streamed.handle(req, res);
    } else return false;
    return true;
  });

  const open = async (source: object): Promise<Page> => {
    const page = await (await pages.newContext()).newPage();
    await page.goto(`${pages.site.origin}/?source=${encodeURIComponent(JSON.stringify(source))}`);
    return page;
  };

  // Made here, not when the block is collected: a route pings its streams on a timer from the start.
  beforeAll(() => {
    cached = createRulesetRoute(served(ruleset(1, true, 'cached')));
    streamed = createRulesetRoute(served(ruleset(1, false, 'first')), { pingMs: 1_000 });
  });
  afterAll(() => {
    cached?.close();
    streamed?.close();
  });

  it("caches the ruleset in localStorage and, with the server answering 503, serves it at once on reload: ready() says 'cache'", async () => {
    const source = { url: '/cached/ruleset.json', pollIntervalMs: 0 };
    const page = await open(source);
    // A first visit has nothing to read until the network answers.
    expect(await pageValue<FirstPaint>(page, 'first')).toEqual({
      gate: false,
      banner: 'default',
      status: { origin: 'none', stale: false, ready: false },
      errors: [
        'FLAG_NOT_FOUND: gate "new_checkout": no ruleset is in use yet',
        'FLAG_NOT_FOUND: param "banner": no ruleset is in use yet',
      ],
    });
    expect(await pageValue<Ready>(page, 'result')).toEqual({
      from: 'network',
      gate: true,
      banner: 'cached',
      errors: [],
    });
    const key = 'splitkit.ruleset:/cached/ruleset.json';
    const entry = JSON.parse((await page.evaluate(`localStorage.getItem(${JSON.stringify(key)})`)) as string);
    expect(JSON.parse(entry.body)).toMatchObject({ revision: 1, params: { banner: { default: 'cached' } } });

    down = true;
    const asked = requests.cached;
    await page.reload();
    // The cached ruleset serves the very first reads, synchronously.
    expect(await pageValue<FirstPaint>(page, 'first')).toEqual({
      gate: true,
      banner: 'cached',
      status: { origin: 'cache', stale: false, ready: false },
      errors: [],
    });
    expect(await pageValue<Ready>(page, 'result')).toEqual({
      from: 'cache',
      gate: true,
      banner: 'cached',
      errors: ['TRANSPORT_FAILED: ruleset /cached/ruleset.json: HTTP 503'],
    });
    // It did ask, and the 503 was what it got: the cache is what served.
    expect(requests.cached).toBeGreaterThan(asked);
    expect(await page.evaluate('client.status().origin')).toBe('cache');
  }, 30_000);

  it("streams from splitkit serve's ruleset route: a published ruleset reaches subscribe with the changed names", async () => {
    const page = await open({ url: '/streamed/ruleset.json', stream: true, pollIntervalMs: 0, cache: false });
    expect(await pageValue<Ready>(page, 'result')).toEqual({
      from: 'network',
      gate: false,
      banner: 'first',
      errors: [],
    });
    await expect.poll(() => streamed.streamCount(), { timeout: 10_000 }).toBe(1);
    const asked = requests.streamed;
    // The first ruleset from the network was a change too: everything, from nothing.
    expect(await page.evaluate('changes')).toEqual([
      { gates: ['new_checkout'], experiments: ['button_color'], params: ['banner'] },
    ]);

    // The gate and the parameter change; the experiment does not.
    streamed.publish(served(ruleset(2, true, 'streamed')));
    await expect.poll(() => page.evaluate('changes.length'), { timeout: 10_000 }).toBe(2);
    expect(await page.evaluate('changes[1]')).toEqual({
      gates: ['new_checkout'],
      experiments: [],
      params: ['banner'],
    });
    expect(
      await page.evaluate(`({ gate: client.checkGate('new_checkout'), banner: client.getParam('banner', 'x') })`),
    ).toEqual({ gate: true, banner: 'streamed' });
    // It came down the open stream: no new request was made for it.
    expect(requests.streamed).toBe(asked);
    expect(await page.evaluate('client.status()')).toEqual({ origin: 'network', stale: false, ready: true });
  }, 30_000);
});
