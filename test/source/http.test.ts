/**
 * The ruleset source over HTTP (msw): conditional requests, refusals of bad
 * rulesets (invalid, truncated, older, badly signed), timeouts, backoff and
 * jittered polling on fake timers, the defaults of ready(), polling and the
 * request timeout, the cache.
 */
import { describe, expect, it, vi } from 'vitest';
import { HttpResponse, delay } from 'msw';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type RulesetInput } from '../../src/index.js';
import { createClient as createBrowserClient } from '../../src/browser.js';
import {
  advance,
  createMemoryStorage,
  json,
  rulesetServer,
  rulesetWith,
  settle,
  settleUntil,
  signingKey,
  sourceClient,
  URL_,
  type Reply,
} from './helpers.js';

const server = rulesetServer(
  () => HttpResponse.json(rulesetWith(true), { headers: { ETag: '"v1"' } }),
  () => import('../../src/source/file-cache.js'),
);
const { requests } = server;

describe('fetching', () => {
  it('fetches the ruleset; ready() resolves with "network"; reads before it serve defaults', async () => {
    server.reply = () => json(rulesetWith(true), '"v1"');
    const { client, errors } = sourceClient({ pollIntervalMs: 0 });
    expect(client.getGateDetails('g').reason).toBe('ERROR');
    await expect(client.ready()).resolves.toBe('network');
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    // Only the read before the ruleset arrived found no gate.
    expect(errors.map((e) => e.code)).toEqual(['FLAG_NOT_FOUND']);
    await client.shutdown();
  });

  it('sends If-None-Match with the last ETag; a 304 keeps the ruleset in use and tells no listener', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.reply = (request) =>
      request.headers.get('if-none-match') === '"v1"'
        ? new HttpResponse(null, { status: 304, headers: { ETag: '"v1"' } })
        : json(rulesetWith(true), '"v1"');
    const { client } = sourceClient({ pollIntervalMs: 1000 });
    await client.ready();
    const changes: unknown[] = [];
    client.subscribe((change) => changes.push(change));
    await vi.advanceTimersByTimeAsync(1100);
    await settle();
    expect(requests.map((r) => r.headers.get('if-none-match'))).toEqual([null, '"v1"']);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect(changes).toEqual([]);
    await client.shutdown();
  });

  it('a 304 to a request without If-None-Match confirms nothing: a failure, not "network"', async () => {
    // A misconfigured server or proxy: 304 to everything.
    server.reply = () => new HttpResponse(null, { status: 304, headers: { ETag: '"v1"' } });
    for (const options of [{}, { ruleset: rulesetWith(false) }]) {
      const { client, errors } = sourceClient({ pollIntervalMs: 0 }, options);
      const origin = options.ruleset ? 'static' : 'none';
      expect(await client.ready()).toBe(origin);
      expect(client.status()).toEqual({ origin, stale: false, ready: true });
      expect(errors.map((e) => [e.code, e.message])).toEqual([['TRANSPORT_FAILED', `ruleset ${URL_}: HTTP 304`]]);
      await client.shutdown();
    }
  });

  it('polls with ±10% jitter and tells subscribers the names that changed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    let version = 1;
    server.reply = () =>
      json(
        rulesetWith(version % 2 === 1, `2026-01-0${version}T00:00:00Z`, { params: { p: { default: version } } }),
        `"v${version}"`,
      );
    const { client } = sourceClient({ pollIntervalMs: 10_000 });
    await client.ready();
    const changes: unknown[] = [];
    const unsubscribe = client.subscribe((change) => changes.push(change));
    version = 2;
    // Random 1: the poll comes after 110% of the interval, not before.
    await vi.advanceTimersByTimeAsync(10_900);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(requests).toHaveLength(2);
    expect(changes).toEqual([{ gates: ['g'], experiments: [], params: ['p'] }]);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(false);
    unsubscribe();
    version = 3;
    await vi.advanceTimersByTimeAsync(11_000);
    await settle();
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect(changes).toHaveLength(1);
    await client.shutdown();
  });

  it('backs off with full jitter after 5xx, reports the outage once, and recovers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    let failing = 3;
    server.reply = () => (failing-- > 0 ? new HttpResponse('down', { status: 503 }) : json(rulesetWith(true), '"v1"'));
    const { client, errors } = sourceClient({ pollIntervalMs: 30_000, headers: { 'X-Test': 'backoff' } });
    const mine = () => requests.filter((r) => r.headers.get('x-test') === 'backoff');
    await expect(client.ready()).resolves.toBe('none');
    expect(mine()).toHaveLength(1);
    // Full jitter with random 0.5: half of 1 s, 2 s, 4 s.
    for (const [wait, expected] of [
      [499, 1],
      [1, 2],
      [999, 2],
      [1, 3],
      [1999, 3],
      [1, 4],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait);
      await settle();
      expect(mine()).toHaveLength(expected);
    }
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']);
    expect(errors[0]!.message).toContain('HTTP 503');
    await client.shutdown();
  });

  it("waits at least a failed answer's Retry-After (seconds or a date) before the retry, up to the longest backoff", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // On a whole second: an HTTP date has no fraction.
    vi.setSystemTime(new Date('2026-06-01T12:00:00Z'));
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const answers = [
      new HttpResponse('slow down', { status: 429, headers: { 'Retry-After': '20' } }),
      new HttpResponse('busy', {
        status: 503,
        headers: { 'Retry-After': new Date(Date.now() + 40_000).toUTCString() },
      }),
      // Past the longest backoff (60 s with this interval): honored up to it, never parking the source for a day.
      new HttpResponse('slow down', { status: 429, headers: { 'Retry-After': '86400' } }),
      // Junk: the backoff alone. A 500 that asks for a wait gets it too.
      new HttpResponse('slow down', { status: 429, headers: { 'Retry-After': 'soon' } }),
      new HttpResponse('down', { status: 500, headers: { 'Retry-After': '30' } }),
    ];
    server.reply = () => answers.shift() ?? json(rulesetWith(true), '"v1"');
    const { client, errors } = sourceClient({ pollIntervalMs: 30_000, headers: { 'X-Test': 'retry-after' } });
    await client.ready();
    const mine = () => tagged('retry-after');
    expect(mine()).toBe(1);
    // At least 20 s after the 429 (the backoff alone: 0.5 s).
    for (const [wait, expected] of [
      [19_999, 1],
      [1, 2],
      // The date 40 s after the first answer: 20 s after the second request (the backoff alone: 1 s).
      [19_000, 2],
      [1_000, 3],
      // 86400 s: the longest backoff, 60 s.
      [59_999, 3],
      [1, 4],
      // 'soon': the backoff, half of 8 s.
      [3_999, 4],
      [1, 5],
      // The 500's 30 s (the backoff alone: half of 16 s).
      [29_999, 5],
      [1, 6],
    ] as const) {
      await advance(wait);
      expect({ wait, requests: mine() }).toEqual({ wait, requests: expected });
    }
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('HTTP 429')]);
    await client.shutdown();
  });

  it('aborts a request past timeoutMs; ready() never waits longer than its own timeout and never rejects', async () => {
    server.reply = async () => {
      await delay('infinite');
      return json({}, '"never"');
    };
    const { client, errors } = sourceClient({ pollIntervalMs: 0, timeoutMs: 200 }, { ruleset: rulesetWith(true) });
    const started = Date.now();
    await expect(client.ready({ timeoutMs: 50 })).resolves.toBe('static');
    expect(Date.now() - started).toBeLessThan(1000);
    // The ruleset given at creation serves meanwhile.
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    await vi.waitFor(() =>
      expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('timed out after 200 ms')]),
    );
    await client.shutdown();
  });

  it('shutdown() aborts a request in flight: a shut-down client holds no socket until the timeout', async () => {
    const signals: AbortSignal[] = [];
    // A server that has not answered yet: the request ends only when aborted.
    const fetch = (_url: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        signals.push(init!.signal!);
        init!.signal!.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const { client, errors } = sourceClient({ pollIntervalMs: 0, fetch }, { ruleset: rulesetWith(true) });
    await settleUntil(() => signals.length > 0);
    expect(signals.map((signal) => signal.aborted)).toEqual([false]);
    await client.shutdown();
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
    // Stopping is no failure to report.
    await settle();
    expect(errors).toEqual([]);
  });
});

/** Advances fake time by `ms`, letting msw's answers arrive. */

/** Requests carrying `X-Test: label`, so that one test's requests are told from those a previous one left. */
const tagged = (label: string): number => requests.filter((r) => r.headers.get('x-test') === label).length;

/** Waits (no fake time passes) until a request tagged `label` is out; how many there are. */
async function requested(label: string): Promise<number> {
  await settleUntil(() => tagged(label) > 0);
  return tagged(label);
}

/** A reply that never comes (msw's infinite delay is a fake timer that no test advances to). */
const never: Reply = async () => {
  await delay('infinite');
  return json({}, '"never"');
};

describe('ready() timeouts', () => {
  it('a timeoutMs beyond the longest timer (Infinity: wait for the network) waits, instead of resolving at once', async () => {
    for (const timeoutMs of [Number.POSITIVE_INFINITY, 3e9]) {
      let answer: (response: Response) => void = () => {};
      const { client } = sourceClient({
        pollIntervalMs: 0,
        fetch: () => new Promise<Response>((resolve) => (answer = resolve)),
      });
      const ready = client.ready({ timeoutMs });
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer(json(rulesetWith(true), '"v1"'));
      expect({ timeoutMs, origin: await ready }).toEqual({ timeoutMs, origin: 'network' });
      await client.shutdown();
    }
  });

  it('a timeoutMs that is no number (BigInt, Symbol, NaN, text, unconvertible, a throwing getter) waits the default, never rejects', async () => {
    const unconvertible = {
      [Symbol.toPrimitive]() {
        throw new Error('toPrimitive');
      },
    };
    const throwingGetter = {
      get timeoutMs(): number {
        throw new Error('getter');
      },
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const options of [
      { timeoutMs: 10n },
      { timeoutMs: Symbol('t') },
      { timeoutMs: Number.NaN },
      { timeoutMs: 'abc' },
      { timeoutMs: unconvertible },
      throwingGetter,
    ]) {
      const { client } = sourceClient({ pollIntervalMs: 0, fetch: () => new Promise<Response>(() => {}) });
      let settled: unknown;
      client.ready(options as { timeoutMs?: number }).then(
        (origin) => (settled = origin),
        (error: unknown) => (settled = error),
      );
      // The server's default of 5 s, as if no timeout were given.
      await vi.advanceTimersByTimeAsync(4999);
      expect({ options, settled }).toStrictEqual({ options, settled: undefined });
      await vi.advanceTimersByTimeAsync(1);
      expect({ options, settled }).toStrictEqual({ options, settled: 'none' });
      await client.shutdown();
    }
  });

  it('a pollIntervalMs beyond the longest timer polls never, not in a loop (the scheduler caps every wait)', async () => {
    let requests = 0;
    const { client } = sourceClient({
      pollIntervalMs: 1e12,
      fetch: async () => (requests++, json(rulesetWith(true), '"v1"')),
    });
    await client.ready();
    // An overflowed timer fires after 1 ms: about a hundred polls in this wait.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(requests).toBe(1);
    await client.shutdown();
  });
});

describe('defaults, without the options that set them', () => {
  it('ready() gives up waiting at 1,500 ms in the browser (browser build) and 5,000 ms on servers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.reply = never;
    const cases = [
      ['browser', createBrowserClient, 1_500],
      ['server', undefined, 5_000],
    ] as const;
    for (const [environment, create, defaultMs] of cases) {
      const { client } = sourceClient(
        { pollIntervalMs: 0, headers: { 'X-Test': `ready-${environment}` } },
        { environment, identityStores: [], ruleset: rulesetWith(true) },
        create,
      );
      let origin: string | undefined;
      void client.ready().then((settled) => (origin = settled));
      // The request is out and never answers (its own timeout, 10 s, is later than either default).
      expect(await requested(`ready-${environment}`)).toBe(1);
      await advance(defaultMs - 1);
      expect({ environment, origin }).toEqual({ environment, origin: undefined });
      await advance(1);
      expect({ environment, origin }).toEqual({ environment, origin: 'static' });
      await client.shutdown();
    }
  });

  it('polls every 30 s, jittered within ±10%', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.reply = () => json(rulesetWith(true), '"v1"');
    // Random 0 and 1 are the bounds of the jitter: 90% and 110% of the interval.
    for (const [random, dueMs] of [
      [0, 27_000],
      [1, 33_000],
    ] as const) {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const label = `interval-${random}`;
      const { client } = sourceClient({ headers: { 'X-Test': label } });
      await client.ready();
      expect(tagged(label)).toBe(1);
      await advance(dueMs - 1);
      // A poll that fired early must get the same real time to show as the one awaited below.
      await settleUntil(() => tagged(label) > 1, 200);
      expect({ random, polls: tagged(label) }).toEqual({ random, polls: 1 });
      await advance(1);
      await settleUntil(() => tagged(label) > 1);
      expect({ random, polls: tagged(label) }).toEqual({ random, polls: 2 });
      await client.shutdown();
    }
  });

  it('abandons a request that hangs at 10 s, reports it, and retries after the backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    server.reply = never;
    const { client, errors } = sourceClient({ headers: { 'X-Test': 'hang' } });
    expect(await requested('hang')).toBe(1);
    await advance(9_999);
    await settleUntil(() => errors.length > 0, 200);
    expect(errors).toEqual([]);
    await advance(1);
    // The aborted request's rejection can take a few turns of the event loop on a busy machine.
    await settleUntil(() => errors.length > 0);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['TRANSPORT_FAILED', expect.stringContaining('timed out after 10000 ms')],
    ]);
    // The first failure's backoff: full jitter up to 1 s, 500 ms with random 0.5.
    await advance(499);
    await settleUntil(() => tagged('hang') > 1, 200);
    expect(tagged('hang')).toBe(1);
    await advance(1);
    await settleUntil(() => tagged('hang') > 1);
    expect(tagged('hang')).toBe(2);
    await client.shutdown();
  });
});

describe('browsers', () => {
  /** A page (the `document` global, stubbed) that starts in `state`; `show()` makes it visible and says so. */
  function stubPage(state: 'visible' | 'hidden') {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const listeners: (() => void)[] = [];
    const page = {
      visibilityState: state,
      addEventListener: (_: string, l: () => void) => listeners.push(l),
      removeEventListener() {},
    };
    vi.stubGlobal('document', page);
    return {
      hide: () => void (page.visibilityState = 'hidden'),
      show() {
        page.visibilityState = 'visible';
        for (const listener of listeners) listener();
      },
    };
  }

  /** While the page stays hidden no poll goes out (`sent()` stays 1); shown, it catches up with one. */
  async function expectPollsWaitForVisibility(page: { show(): void }, sent: () => number): Promise<void> {
    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(sent()).toBe(1);
    page.show();
    await settle();
    expect(sent()).toBe(2);
  }

  it('poll only while the page is visible, and catch up when it is shown again', async () => {
    const page = stubPage('visible');
    try {
      server.reply = () => json(rulesetWith(true), '"v1"');
      const { client } = sourceClient(
        { pollIntervalMs: 1000, headers: { 'X-Test': 'visible' } },
        { environment: 'browser', identityStores: [] },
      );
      const mine = () => requests.filter((r) => r.headers.get('x-test') === 'visible').length;
      await client.ready();
      expect(mine()).toBe(1);
      page.hide();
      await expectPollsWaitForVisibility(page, mine);
      await client.shutdown();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a page opened hidden (a background tab) still makes its first request; its polls wait until it is shown', async () => {
    const page = stubPage('hidden');
    try {
      server.reply = () => json(rulesetWith(true), '"v1"');
      const { client } = sourceClient(
        { pollIntervalMs: 1000, headers: { 'X-Test': 'hidden' } },
        { environment: 'browser', identityStores: [] },
      );
      const mine = () => requests.filter((r) => r.headers.get('x-test') === 'hidden').length;
      // Without the first request a first-time visitor's page would render every default until it is shown.
      await expect(client.ready()).resolves.toBe('network');
      expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
      expect(mine()).toBe(1);
      await expectPollsWaitForVisibility(page, mine);
      await client.shutdown();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a bad source option is a ConfigError naming its path', () => {
    expect(() => sourceClient({ url: '', pollIntervalMs: -1, publicKeys: 'k' as unknown as string[] })).toThrow(
      /source\.url[\s\S]*source\.pollIntervalMs[\s\S]*source\.publicKeys/,
    );
  });
});

describe('refusals: the last good ruleset stays in use and the problem is reported with its path', () => {
  async function afterSecond(
    second: () => Response,
    refused = true,
    first = rulesetWith(true, '2026-02-01T00:00:00Z'),
  ): Promise<{ errors: unknown[]; gate: boolean }> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let n = 0;
    server.reply = () => (n++ === 0 ? json(first, '"v1"') : second());
    const { client, errors } = sourceClient({ pollIntervalMs: 1000 });
    await client.ready();
    await vi.advanceTimersByTimeAsync(1200);
    await settle();
    // A transport failure (the short body) is retried with backoff, maybe within the same advance.
    expect(n).toBeGreaterThanOrEqual(2);
    // A failed body read can take a few more turns of the event loop on a busy machine.
    if (refused) await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    const gate = client.checkGate('g', { userID: 'u1' });
    await client.shutdown();
    return { errors, gate };
  }

  it('truncated JSON', async () => {
    const { errors, gate } = await afterSecond(() => json('{"gates": {"g": {"enabled": fal', '"v2"'));
    expect(gate).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect((errors[0] as ConfigError).message).toMatch(/not valid JSON, truncated/);
  });

  it('a body shorter than its Content-Length', async () => {
    const { errors, gate } = await afterSecond(() =>
      json(JSON.stringify(rulesetWith(false)), '"v2"', { 'Content-Length': '10000' }),
    );
    expect(gate).toBe(true);
    expect(String((errors[0] as Error).message)).toMatch(/truncated|terminated|length/i);
  });

  it('an invalid ruleset (validated with parseRuleset on Node), with the path of each problem', async () => {
    const { errors, gate } = await afterSecond(() =>
      json({ gates: { g: { rules: [{ id: 'x', rollout: 250 }] } } }, '"v2"'),
    );
    expect(gate).toBe(true);
    expect((errors[0] as ConfigError).issues.map((i) => i.path)).toEqual(['gates.g.rules[0].rollout']);
  });

  it('an older updatedAt', async () => {
    const { errors, gate } = await afterSecond(() => json(rulesetWith(false, '2026-01-15T00:00:00Z'), '"v0"'));
    expect(gate).toBe(true);
    expect((errors[0] as ConfigError).issues).toEqual([
      {
        path: 'updatedAt',
        message: expect.stringContaining(
          '2026-01-15T00:00:00Z is older than the ruleset in use (2026-02-01T00:00:00Z)',
        ),
      },
    ]);
  });

  it('a lower revision number, even with a newer updatedAt', async () => {
    const { errors, gate } = await afterSecond(
      () => json(rulesetWith(false, '2026-03-01T00:00:00Z', { revision: 6 }), '"v2"'),
      true,
      rulesetWith(true, '2026-02-01T00:00:00Z', { revision: 7 }),
    );
    expect(gate).toBe(true);
    expect((errors[0] as ConfigError).issues).toEqual([
      { path: 'revision', message: expect.stringContaining("6 is lower than the ruleset in use's (7)") },
    ]);
  });

  it('the same refused ruleset sent again is reported once, not at every poll; another one is reported', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let n = 0;
    let older = () => json(rulesetWith(false, '2026-01-01T00:00:00Z', { revision: 6 }), '"v6"');
    server.reply = () =>
      n++ === 0 ? json(rulesetWith(true, '2026-01-01T00:00:00Z', { revision: 7 }), '"v7"') : older();
    const { client, errors } = sourceClient({ pollIntervalMs: 1000 });
    await client.ready();
    await vi.advanceTimersByTimeAsync(5500);
    await settleUntil(() => errors.length > 0);
    expect(n).toBeGreaterThanOrEqual(5);
    expect(errors).toHaveLength(1);
    // Still a failure every time: the ruleset in use turns stale all the same (staleAfterMs 30 s).
    await vi.advanceTimersByTimeAsync(30_000);
    expect(client.status().stale).toBe(true);
    older = () => json('{"gates": ', '"broken"');
    await vi.advanceTimersByTimeAsync(1100);
    await settleUntil(() => errors.length > 1);
    expect(errors).toHaveLength(2);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    await client.shutdown();
  });

  it('a higher or equal revision number is taken; string revisions are labels, never ordered', async () => {
    // [revision in use, next revision, next updatedAt]: a higher number wins even over an earlier updatedAt.
    const cases: [RulesetInput['revision'], RulesetInput['revision'], string][] = [
      [7, 8, '2026-02-01T00:00:00Z'],
      [7, 7, '2026-02-01T00:00:00Z'],
      [7, 8, '2026-01-01T00:00:00Z'],
      ['b', 'a', '2026-02-01T00:00:00Z'],
      [7, 'a', '2026-02-01T00:00:00Z'],
    ];
    for (const [was, next, updatedAt] of cases) {
      const { errors, gate } = await afterSecond(
        () => json(rulesetWith(false, updatedAt, { revision: next }), '"v2"'),
        false,
        rulesetWith(true, '2026-02-01T00:00:00Z', { revision: was }),
      );
      expect([was, next, errors]).toEqual([was, next, []]);
      expect(gate).toBe(false);
    }
  });

  it('a newer updatedAt is taken', async () => {
    const { errors, gate } = await afterSecond(() => json(rulesetWith(false, '2026-03-01T00:00:00Z'), '"v2"'), false);
    expect(errors).toEqual([]);
    expect(gate).toBe(false);
  });
});

describe('signed rulesets', () => {
  it('accepts a ruleset signed by any of the keys (rotation), refuses tampered and unsigned ones', async () => {
    const [oldKey, newKey, stranger] = [await signingKey(), await signingKey(), await signingKey()];
    const body = JSON.stringify(rulesetWith(true));
    const cases: [string, () => Promise<Response>, boolean][] = [
      ['signed by the new key', async () => json(body, '"a"', { 'Splitkit-Signature': await newKey.sign(body) }), true],
      ['signed by the old key', async () => json(body, '"b"', { 'Splitkit-Signature': await oldKey.sign(body) }), true],
      [
        'tampered after signing',
        async () => json(body.replace('100', '99'), '"c"', { 'Splitkit-Signature': await newKey.sign(body) }),
        false,
      ],
      [
        'signed by an unknown key',
        async () => json(body, '"d"', { 'Splitkit-Signature': await stranger.sign(body) }),
        false,
      ],
      ['unsigned', async () => json(body, '"e"'), false],
      ['garbage signature', async () => json(body, '"f"', { 'Splitkit-Signature': '%%%' }), false],
    ];
    for (const [label, respond, accepted] of cases) {
      server.reply = respond;
      const { client, errors } = sourceClient({ pollIntervalMs: 0, publicKeys: [oldKey.publicKey, newKey.publicKey] });
      const origin = await client.ready();
      expect({ label, origin, gate: client.checkGate('g', { userID: 'u1' }) }).toEqual({
        label,
        origin: accepted ? 'network' : 'none',
        gate: accepted,
      });
      if (!accepted)
        expect(errors.filter((e) => e.code === 'INVALID_RULESET').map((e) => e.message)).toEqual([
          expect.stringMatching(/refused: (its signature does not verify|it is unsigned)/),
        ]);
      await client.shutdown();
    }
  });

  it('a malformed key among the keys (a typo in the new key of a rotation) does not keep the others from verifying', async () => {
    const key = await signingKey();
    const body = JSON.stringify(rulesetWith(true));
    server.reply = async () => json(body, '"a"', { 'Splitkit-Signature': await key.sign(body) });
    for (const typo of ['AAAA', '%%%', key.publicKey.slice(0, 40)]) {
      const { client, errors } = sourceClient({ pollIntervalMs: 0, publicKeys: [key.publicKey, typo] });
      expect({ typo, origin: await client.ready(), errors }).toEqual({ typo, origin: 'network', errors: [] });
      await client.shutdown();
    }
  });
});

describe('cache', () => {
  it('keeps the last good ruleset with its ETag; a client whose network is down starts from it', async () => {
    const storage = createMemoryStorage();
    server.reply = () => json(rulesetWith(true), '"v1"');
    const first = sourceClient({ pollIntervalMs: 0, cache: storage });
    await expect(first.client.ready()).resolves.toBe('network');
    await first.client.shutdown();

    server.reply = () => new HttpResponse(null, { status: 503 });
    const second = sourceClient({ pollIntervalMs: 0, cache: storage });
    await expect(second.client.ready()).resolves.toBe('cache');
    expect(second.client.checkGate('g', { userID: 'u1' })).toBe(true);
    // The request revalidated the cached ruleset with its ETag.
    expect(requests.at(-1)!.headers.get('if-none-match')).toBe('"v1"');
    await second.client.shutdown();

    // A 304 confirms the cached ruleset: "network".
    server.reply = () => new HttpResponse(null, { status: 304 });
    const third = sourceClient({ pollIntervalMs: 0, cache: storage });
    await expect(third.client.ready()).resolves.toBe('network');
    expect(third.client.checkGate('g', { userID: 'u1' })).toBe(true);
    await third.client.shutdown();
  });

  it('the cached ruleset is in use synchronously at createClient; ready() resolves "cache" when the network is slow', async () => {
    const storage = createMemoryStorage();
    server.reply = () => json(rulesetWith(true), '"v1"');
    const first = sourceClient({ pollIntervalMs: 0, cache: storage });
    await first.client.ready();
    await first.client.shutdown();

    // The network answers after the request's own timeout: ready() gives up waiting first.
    server.reply = async () => {
      await delay(300);
      return json(rulesetWith(false), '"v2"');
    };
    const second = sourceClient({ pollIntervalMs: 0, cache: storage, timeoutMs: 200 });
    const changes: unknown[] = [];
    second.client.subscribe((change) => changes.push(change));
    // No await between createClient and these reads: the source's chunk has not loaded yet.
    expect(second.client.getGateDetails('g', { userID: 'u1' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    await expect(second.client.ready({ timeoutMs: 20 })).resolves.toBe('cache');
    expect(second.errors).toEqual([]);
    expect(changes).toEqual([]);
    await second.client.shutdown();
  });

  it('a cached body that is no JSON object is reported by the source and not used', async () => {
    const storage = createMemoryStorage();
    storage.set(`splitkit.ruleset:${URL_}`, JSON.stringify({ body: '{"gates": {"g": tru', savedAt: Date.now() }));
    server.reply = () => new HttpResponse(null, { status: 503 });
    const { client, errors } = sourceClient({ pollIntervalMs: 0, cache: storage });
    await expect(client.ready()).resolves.toBe('none');
    expect((errors[0] as ConfigError).message).toMatch(/the cache of [\s\S]*not valid JSON, truncated or corrupt/);
    await client.shutdown();
  });

  it('with a `ruleset` option, a cached ruleset older than it is refused (freshness) and the option stays in use', async () => {
    const storage = createMemoryStorage();
    const cached = rulesetWith(false, '2026-01-01T00:00:00Z');
    storage.set(`splitkit.ruleset:${URL_}`, JSON.stringify({ body: JSON.stringify(cached), savedAt: Date.now() }));
    server.reply = () => new HttpResponse(null, { status: 503 });
    const { client, errors } = sourceClient(
      { pollIntervalMs: 0, cache: storage },
      { ruleset: rulesetWith(true, '2026-02-01T00:00:00Z') },
    );
    await expect(client.ready()).resolves.toBe('static');
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect((errors[0] as ConfigError).issues[0]!.path).toBe('updatedAt');
    await client.shutdown();
  });

  it('a client given publicKeys never starts from what a client without them cached for the same URL', async () => {
    const storage = createMemoryStorage();
    const key = await signingKey();
    // A client of the same page that checks no signature caches the unsigned ruleset it fetched.
    server.reply = () => json(rulesetWith(true), '"v1"');
    const unsigned = sourceClient({ pollIntervalMs: 0, cache: storage });
    await expect(unsigned.client.ready()).resolves.toBe('network');
    await unsigned.client.shutdown();
    server.reply = () => new HttpResponse(null, { status: 503 });
    const signing = sourceClient({ pollIntervalMs: 0, cache: storage, publicKeys: [key.publicKey] });
    // Read at start, without a check, it would be in use before any signature could be verified.
    expect(signing.client.getGateDetails('g', { userID: 'u1' }).reason).toBe('ERROR');
    await expect(signing.client.ready()).resolves.toBe('none');
    await signing.client.shutdown();
    // The keyless client still finds its own entry.
    const again = sourceClient({ pollIntervalMs: 0, cache: storage });
    expect(again.client.checkGate('g', { userID: 'u1' })).toBe(true);
    await again.client.shutdown();
  });

  it('does not use a cache older than cacheMaxAgeMs', async () => {
    const storage = createMemoryStorage();
    server.reply = () => json(rulesetWith(true), '"v1"');
    const first = sourceClient({ pollIntervalMs: 0, cache: storage }, { now: () => 1_000_000 });
    await first.client.ready();
    await first.client.shutdown();
    server.reply = () => new HttpResponse(null, { status: 503 });
    const late = sourceClient(
      { pollIntervalMs: 0, cache: storage, cacheMaxAgeMs: 60_000 },
      { now: () => 1_000_000 + 60_001 },
    );
    await expect(late.client.ready()).resolves.toBe('none');
    expect(late.client.checkGate('g', { userID: 'u1' })).toBe(false);
    await late.client.shutdown();
  });

  it('does not use a file cache older than cacheMaxAgeMs (default 7 days), or saved as far in the future, at start; a fresh one serves', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'splitkit-cache-')), 'ruleset-cache.json');
    const savedAt = 1_000_000;
    writeFileSync(file, JSON.stringify({ body: JSON.stringify(rulesetWith(true)), etag: '"v1"', savedAt }));
    server.reply = () => new HttpResponse(null, { status: 503 });
    const week = 7 * 86_400_000;
    const cases = [
      [60_000, 60_001, 'none'],
      [60_000, 60_000, 'cache'],
      [undefined, week + 1, 'none'],
      [undefined, week, 'cache'],
      // Saved by a clock that ran ahead (then corrected): as far in the future is as old.
      [60_000, -60_001, 'none'],
      [60_000, -60_000, 'cache'],
    ] as const;
    for (const [cacheMaxAgeMs, age, expected] of cases) {
      const { client } = sourceClient(
        { pollIntervalMs: 0, cacheFile: file, cache: undefined, cacheMaxAgeMs },
        { now: () => savedAt + age },
      );
      const origin = await client.ready();
      const gate = client.checkGate('g', { userID: 'u1' });
      expect({ cacheMaxAgeMs, age, origin, gate }).toEqual({
        cacheMaxAgeMs,
        age,
        origin: expected,
        gate: expected === 'cache',
      });
      await client.shutdown();
    }
  });

  it('a 304 makes the cached ruleset young again: one unchanged for longer than cacheMaxAgeMs still serves the next start', async () => {
    const day = 86_400_000;
    const file = join(mkdtempSync(join(tmpdir(), 'splitkit-cache-')), 'ruleset-cache.json');
    for (const cache of [{ cache: createMemoryStorage() }, { cacheFile: file, cache: undefined }]) {
      let clock = 0;
      const saved = async (savedAt: number) => {
        if ('cacheFile' in cache)
          await vi.waitFor(() => expect(JSON.parse(readFileSync(file, 'utf8')).savedAt).toBe(savedAt));
      };
      server.reply = () => json(rulesetWith(true), '"v1"');
      const first = sourceClient({ pollIntervalMs: 0, ...cache }, { now: () => clock });
      expect(await first.client.ready()).toBe('network');
      await first.client.shutdown();
      await saved(0);
      // Six days later a client starts (a file cache may load after its first request, which then goes
      // without the ETag); at day eight its poll is confirmed with a 304.
      let confirmations = 0;
      server.reply = (request) =>
        request.headers.get('if-none-match') === '"v1"'
          ? (confirmations++, new HttpResponse(null, { status: 304 }))
          : json(rulesetWith(true), '"v1"');
      clock = 6 * day;
      const second = sourceClient({ pollIntervalMs: 50, ...cache }, { now: () => clock });
      expect(await second.client.ready()).toBe('network');
      clock = 8 * day;
      const before = confirmations;
      await vi.waitFor(() => expect(confirmations).toBeGreaterThan(before));
      await saved(8 * day);
      await second.client.shutdown();
      // Day 14: past the first save's seven days and the sixth day's, within the confirmation's. The network is down.
      server.reply = () => new HttpResponse(null, { status: 503 });
      clock = 14 * day;
      const third = sourceClient({ pollIntervalMs: 0, ...cache }, { now: () => clock });
      expect({ file: 'cacheFile' in cache, origin: await third.client.ready() }).toEqual({
        file: 'cacheFile' in cache,
        origin: 'cache',
      });
      await third.client.shutdown();
    }
  });

  it('a file cache on Node', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'splitkit-cache-')), 'ruleset-cache.json');
    server.reply = () => json(rulesetWith(true), '"v1"');
    const first = sourceClient({ pollIntervalMs: 0, cacheFile: file, cache: undefined });
    await first.client.ready();
    await vi.waitFor(() => expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ etag: '"v1"' }));
    await first.client.shutdown();
    server.reply = () => new HttpResponse(null, { status: 500 });
    const second = sourceClient({ pollIntervalMs: 0, cacheFile: file, cache: undefined });
    await expect(second.client.ready()).resolves.toBe('cache');
    expect(second.client.checkGate('g', { userID: 'u1' })).toBe(true);
    await second.client.shutdown();
    // A corrupt cache file is ignored.
    writeFileSync(file, '{"body": ');
    const third = sourceClient({ pollIntervalMs: 0, cacheFile: file, cache: undefined });
    await expect(third.client.ready()).resolves.toBe('none');
    await third.client.shutdown();
  });
});
