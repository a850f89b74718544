/**
 * The stream through the platform's EventSource (browsers): a fake
 * EventSource class stands in for the browser's (test/browser runs the real
 * one). With no custom headers and no custom fetch the client opens an
 * EventSource, takes `ruleset` events from it, lets it reconnect by itself
 * (polling stands in meanwhile) and reconnects with backoff when it gives
 * up; with headers it reads the stream over fetch, as on Node.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { SplitkitClient } from '../../src/index.js';
import { rulesetWith, settle, sourceClient, URL_ } from './helpers.js';

class FakeEventSource {
  static all: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  private listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, init?: MessageEventInit): void {
    if (type === 'open') this.readyState = 1;
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, init));
  }
  /** The connection dropped: `reconnecting` as the browser does after a network error, or given up for good. */
  fail(reconnecting: boolean): void {
    this.readyState = reconnecting ? 0 : 2;
    this.emit('error');
  }
}

let polls = 0;
const streamRequests: (string | null)[] = [];
const server = setupServer(
  http.get(URL_, ({ request }) => {
    if (request.headers.get('accept') === 'text/event-stream') {
      streamRequests.push(request.headers.get('authorization'));
      return new HttpResponse(new ReadableStream({ start() {} }), {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    }
    polls++;
    return HttpResponse.json(rulesetWith(true), { headers: { ETag: '"v1"' } });
  }),
);
const clients: SplitkitClient[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  for (const client of clients.splice(0)) await client.shutdown();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  FakeEventSource.all = [];
  streamRequests.length = 0;
  polls = 0;
});
afterAll(() => server.close());

function streaming(source: Parameters<typeof sourceClient>[0] = {}) {
  vi.stubGlobal('EventSource', FakeEventSource);
  const made = sourceClient({ stream: true, pollIntervalMs: 60_000, ...source });
  clients.push(made.client);
  return { ...made, gate: () => made.client.checkGate('g', { userID: 'u1' }) };
}

const event = (on: boolean, updatedAt: string, etag: string) => ({
  data: JSON.stringify({ etag, body: JSON.stringify(rulesetWith(on, updatedAt)) }),
  lastEventId: etag,
});

describe('stream through the platform EventSource', () => {
  it('opens an EventSource on the ruleset URL and applies its ruleset events', async () => {
    const { client, gate } = streaming();
    await client.ready();
    await vi.waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const source = FakeEventSource.all[0]!;
    expect(source.url).toBe(URL_);
    source.emit('open');
    expect(gate()).toBe(true);
    source.emit('ruleset', event(false, '2026-01-02T00:00:00Z', '"v2"'));
    await vi.waitFor(() => expect(gate()).toBe(false));
    // Other event types and malformed data are skipped.
    source.emit('message', event(true, '2026-01-03T00:00:00Z', '"v3"'));
    source.emit('ruleset', { data: '{not json' });
    await settle();
    expect(gate()).toBe(false);
    expect(client.status().stale).toBe(false);
    // No fetch-based stream was opened.
    expect(streamRequests).toEqual([]);
  });

  it('lets the browser reconnect after a drop, polling once to catch up; reconnects itself when it gives up', async () => {
    const { client, errors } = streaming();
    await client.ready();
    await vi.waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const first = FakeEventSource.all[0]!;
    first.emit('open');
    const before = polls;
    first.fail(true);
    await vi.waitFor(() => expect(polls).toBe(before + 1));
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']);
    // The browser is reconnecting this one: no second EventSource.
    expect(first.closed).toBe(false);
    expect(FakeEventSource.all).toHaveLength(1);
    first.emit('open');
    first.fail(false);
    expect(first.closed).toBe(true);
    await vi.waitFor(() => expect(FakeEventSource.all).toHaveLength(2), { timeout: 3000 });
  });

  it('refuses a ruleset event larger than source.maxBytes, as the fetch reader does: closed, polled, reconnected', async () => {
    const { client, errors, gate } = streaming({ maxBytes: 2_000 });
    await client.ready();
    await vi.waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const source = FakeEventSource.all[0]!;
    source.emit('open');
    const before = polls;
    // A ruleset the client would take but for its size (JSON ends in any amount of white space).
    const padded = JSON.stringify(rulesetWith(false, '2026-01-02T00:00:00Z')).padEnd(2_000, ' ');
    const data = JSON.stringify({ etag: '"big"', body: padded });
    source.emit('ruleset', { data, lastEventId: '"big"' });
    await vi.waitFor(() => expect(polls).toBe(before + 1));
    // The browser buffered it (EventSource has no limit), but it is not put in use.
    expect(gate()).toBe(true);
    expect(source.closed).toBe(true);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['INVALID_RULESET', `ruleset stream ${URL_}: an event larger than source.maxBytes (2000 characters) refused`],
    ]);
    await vi.waitFor(() => expect(FakeEventSource.all).toHaveLength(2), { timeout: 3000 });
    // One exactly at the cap is taken.
    const next = FakeEventSource.all[1]!;
    next.emit('open');
    const body = JSON.stringify(rulesetWith(false, '2026-01-03T00:00:00Z'));
    const unpadded = JSON.stringify({ etag: '"v3"', body }).length;
    const atCap = JSON.stringify({ etag: '"v3"', body: body + ' '.repeat(2_000 - unpadded) });
    expect(atCap.length).toBe(2_000);
    next.emit('ruleset', { data: atCap, lastEventId: '"v3"' });
    await vi.waitFor(() => expect(gate()).toBe(false));
  });

  it('closes the EventSource at shutdown', async () => {
    const { client } = streaming();
    await client.ready();
    await vi.waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    await client.shutdown();
    expect(FakeEventSource.all[0]!.closed).toBe(true);
  });

  it('reads the stream over fetch when source.headers are set (EventSource cannot send them)', async () => {
    const { client } = streaming({ headers: { Authorization: 'Bearer t' } });
    await client.ready();
    await vi.waitFor(() => expect(streamRequests).toEqual(['Bearer t']));
    expect(FakeEventSource.all).toEqual([]);
  });
});

describe('a half-open stream through EventSource', () => {
  async function advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    await settle();
  }

  async function openStream() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const made = streaming();
    await made.client.ready();
    await settle();
    const source = FakeEventSource.all[0]!;
    source.emit('open');
    return { ...made, source };
  }

  it("is closed once the server's ping events stop, polled at once and reconnected", async () => {
    const { source, errors } = await openStream();
    // Padding at connect (pings less than a second apart) is one beat; then two pings 15 s apart.
    source.emit('ping');
    await advance(500);
    source.emit('ping');
    await advance(14_500);
    source.emit('ping');
    const before = polls;
    // A ruleset event is not a heartbeat, but it is something received: the 45 s start over. (The ruleset the
    // polls serve, so that the catch-up poll below refuses nothing as older.)
    await advance(30_000);
    source.emit('ruleset', event(true, '2026-01-01T00:00:00Z', '"v1"'));
    await advance(44_999);
    expect({ closed: source.closed, polls: polls - before }).toEqual({ closed: false, polls: 0 });
    await advance(1);
    expect(source.closed).toBe(true);
    await vi.waitFor(() => expect(polls).toBe(before + 1));
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      [
        'TRANSPORT_FAILED',
        `ruleset stream ${URL_}: half-open: nothing received for 45000 ms, though heartbeats came more often`,
      ],
    ]);
    await advance(1_000);
    expect(FakeEventSource.all).toHaveLength(2);
  });

  it('stays open while pings come, and is never timed out by a server that sends none', async () => {
    const { source, errors } = await openStream();
    for (let i = 0; i < 20; i++) {
      source.emit('ping');
      await advance(15_000);
    }
    expect(source.closed).toBe(false);
    // The browser reconnected it by itself: the new connection has seen no heartbeat yet, so silence is no sign.
    source.fail(true);
    source.emit('open');
    await advance(600_000);
    expect(source.closed).toBe(false);
    expect(errors.map((error) => error.code)).toEqual(['TRANSPORT_FAILED']);
  });
});

describe('reconnection backoff', () => {
  /** Advances fake time by `ms`, letting the source's promises run. */
  async function advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    await settle();
  }

  /**
   * The newest EventSource gives up (after `open` and `upForMs` of time, when given); then the next one must
   * come after exactly `delayMs`.
   */
  async function reconnectsAfter(delayMs: number, upForMs?: number): Promise<void> {
    const connections = FakeEventSource.all.length;
    if (upForMs !== undefined) {
      FakeEventSource.all.at(-1)!.emit('open');
      await advance(upForMs);
    }
    FakeEventSource.all.at(-1)!.fail(false);
    await advance(delayMs - 1);
    expect({ delayMs, connections: FakeEventSource.all.length }).toEqual({ delayMs, connections });
    await advance(1);
    expect({ delayMs, connections: FakeEventSource.all.length }).toEqual({ delayMs, connections: connections + 1 });
  }

  it('waits a full-jitter delay that doubles from 1 s after each refusal, up to 60 s, and starts over once open', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // Every delay is half its cap.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { client } = streaming();
    await client.ready();
    await settle();
    expect(FakeEventSource.all).toHaveLength(1);
    // Refused n times in a row: up to min(60 s, 1 s × 2^(n−1)); the 7th and later caps are 60 s, not 64 s, 128 s.
    for (const delayMs of [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) await reconnectsAfter(delayMs);
    // A stream that was open for a minute and then given up on retries within the 1 s retry delay; refusals
    // double from there.
    await reconnectsAfter(500, 60_000);
    await reconnectsAfter(1_000);
    await reconnectsAfter(2_000);
  });

  it('a stream cut soon after it opens is one more failure of the outage: the delay doubles, one report, one catch-up poll', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { client, errors } = streaming();
    await client.ready();
    await settle();
    const before = polls;
    // A proxy that ends every response after a few seconds: without the backoff, a reconnect, a poll and a
    // report every half second for as long as the page stays.
    for (const delayMs of [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000]) await reconnectsAfter(delayMs, 5_000);
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']);
    expect(polls - before).toBe(1);
    // A dropped stream the browser reconnects by itself (at the server's retry:, 0 from a server that ends every
    // stream), once a minute: dropped again within the minute, it is closed and reconnected with the backoff.
    await reconnectsAfter(30_000, 1_000);
    const cut = FakeEventSource.all.at(-1)!;
    cut.emit('open');
    await advance(1_000);
    cut.fail(true);
    expect(cut.closed).toBe(false);
    cut.emit('open');
    await advance(1_000);
    cut.fail(true);
    expect(cut.closed).toBe(true);
    await advance(29_999);
    expect(FakeEventSource.all.at(-1)).toBe(cut);
    await advance(1);
    expect(FakeEventSource.all.at(-1)).not.toBe(cut);
    // Up a minute, then dropped: the browser's again to reconnect (with Last-Event-ID); dropped again within the
    // minute, the reconnection is closed in turn.
    const lasting = FakeEventSource.all.at(-1)!;
    lasting.emit('open');
    await advance(60_000);
    lasting.fail(true);
    expect(lasting.closed).toBe(false);
    await advance(1_000);
    lasting.fail(true);
    expect(lasting.closed).toBe(true);
    // One report for the outage, and one for the drop after a minute up.
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED', 'TRANSPORT_FAILED']);
  });
});
