/**
 * Two clients on one page (a host app and a widget, say) that send to different collectors: each must
 * persist, and on the next load resend, only its own events, never post the other's to its collector.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createClient } from '../../src/index.js';
import type { EventBatch } from '../../src/events/types.js';
import { memoryLocalStorage } from '../support/memory-local-storage.js';

const URLS = { a: 'http://a.test/events', b: 'http://b.test/events' } as const;
const received: Record<'a' | 'b', string[]> = { a: [], b: [] };
let up = false;
const server = setupServer(
  ...(['a', 'b'] as const).map((name) =>
    http.post(URLS[name], async ({ request }) => {
      if (!up) return new HttpResponse(null, { status: 503 });
      received[name].push(...((await request.json()) as EventBatch).events.map((e) => e.name));
      return HttpResponse.json({ ok: true });
    }),
  ),
);
const { values, install, uninstall } = memoryLocalStorage();

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  install();
});
afterAll(() => {
  server.close();
  uninstall();
});
afterEach(() => values.clear());

/** Both clients of a page; `retry` (the first load's): a retry jittered over 10 minutes all but never lands within its 50 ms. */
const page = (retry?: { baseDelayMs: number; maxDelayMs: number }) =>
  (['a', 'b'] as const).map((name) =>
    createClient({
      ruleset: {},
      environment: 'browser',
      collector: { url: URLS[name] },
      user: { userID: 'u' },
      ...(retry && { events: { retry } }),
    }),
  );

describe('event persistence with two collectors on one page', () => {
  it('each client resends only its own stored events on the next load', async () => {
    up = false;
    const [a, b] = page({ baseDelayMs: 600_000, maxDelayMs: 600_000 });
    a!.track('for-a');
    b!.track('for-b');
    // The page goes away with both collectors down: what is left stays stored.
    await Promise.all([a!.shutdown({ timeoutMs: 50 }), b!.shutdown({ timeoutMs: 50 })]);
    up = true;
    const next = page();
    await Promise.all(next.map((client) => client.shutdown({ timeoutMs: 2_000 })));
    expect(received).toEqual({ a: ['for-a'], b: ['for-b'] });
  });
});
