import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBeaconSender } from '../../src/adapters/beacon.js';
import type { EventBatch } from '../../src/events/types.js';

const batch: EventBatch = {
  batchId: 'b1',
  sentAt: '2025-01-01T00:00:00.000Z',
  sdk: { name: 'splitkit', version: '1.0.0' },
  events: [{ id: 'e1', type: 'event', name: 'buy', time: 1, units: { deviceID: 'd' }, source: 'client' }],
};

function fakeNavigator(result: boolean | 'throw') {
  const beacons: { url: string; body: Blob }[] = [];
  const navigator = {
    sendBeacon(url: string, body: Blob) {
      if (result === 'throw') throw new TypeError('not allowed');
      beacons.push({ url, body });
      return result;
    },
  } as unknown as Navigator;
  return { navigator, beacons };
}

function fakeFetch(behaviour: 'ok' | 'reject' | 'throw' = 'ok') {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = ((url: string, init?: RequestInit) => {
    if (behaviour === 'throw') throw new TypeError('bad');
    calls.push({ url, init });
    return behaviour === 'ok'
      ? Promise.resolve(new Response(null, { status: 200 }))
      : Promise.reject(new TypeError('offline'));
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('createBeaconSender', () => {
  it('sends a JSON Blob with sendBeacon', async () => {
    const { navigator, beacons } = fakeNavigator(true);
    const { fetch, calls } = fakeFetch();
    expect(createBeaconSender({ url: 'https://c.example/e', navigator, fetch })(batch)).toBe(true);
    expect(beacons).toHaveLength(1);
    expect(beacons[0]?.url).toBe('https://c.example/e');
    expect(beacons[0]?.body.type).toBe('application/json');
    expect(JSON.parse(await (beacons[0]?.body as Blob).text())).toEqual(batch);
    expect(calls).toHaveLength(0);
  });

  it('falls back to a keepalive fetch when sendBeacon throws', () => {
    const { navigator } = fakeNavigator('throw');
    const { fetch, calls } = fakeFetch();
    expect(createBeaconSender({ url: 'https://c.example/e', navigator, fetch })(batch)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init).toMatchObject({ method: 'POST', keepalive: true, body: JSON.stringify(batch) });
  });

  // Chromium refuses a beacon past the page's 64 KiB quota of unload requests, and a keepalive fetch then
  // rejects too (checked in headless Chromium): taking the batch would count it sent while it is lost.
  it('returns false, without a fetch, when sendBeacon refuses the batch (its quota is used up)', () => {
    const { navigator } = fakeNavigator(false);
    const { fetch, calls } = fakeFetch();
    expect(createBeaconSender({ url: 'https://c.example/e', navigator, fetch })(batch)).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('uses fetch where there is no sendBeacon, and swallows its failure', async () => {
    const { fetch, calls } = fakeFetch('reject');
    expect(createBeaconSender({ url: 'https://c.example/e', navigator: {} as Navigator, fetch })(batch)).toBe(true);
    expect(calls).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would fail the run
  });

  it('refuses a fallback fetch past 64 KiB of keepalive requests in flight (the browser would), and takes one again once they settle', async () => {
    const pending: (() => void)[] = [];
    const calls: string[] = [];
    const fetch = ((_url: string, init?: RequestInit) => {
      calls.push(String(init?.body));
      return new Promise<Response>((resolve) => {
        pending.push(() => resolve(new Response(null, { status: 200 })));
      });
    }) as typeof globalThis.fetch;
    const send = createBeaconSender({ url: 'https://c.example/e', navigator: {} as Navigator, fetch });
    // About 50 KiB of JSON: one fits, a second would pass 64 KiB in flight.
    const big: EventBatch = {
      ...batch,
      events: [
        {
          id: 'e2',
          type: 'event',
          name: 'buy',
          time: 1,
          units: { deviceID: 'd' },
          source: 'client',
          metadata: { note: 'x'.repeat(50 * 1024) },
        },
      ],
    };
    expect(send(big)).toBe(true);
    expect(send(big)).toBe(false);
    expect(send(batch)).toBe(true);
    expect(calls).toHaveLength(2);
    for (const settle of pending) settle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(send(big)).toBe(true);
  });

  it('returns false when nothing can take the batch', () => {
    const { navigator } = fakeNavigator(false);
    expect(createBeaconSender({ url: 'u', navigator, fetch: fakeFetch('throw').fetch })(batch)).toBe(false);
    const circular = { ...batch, events: [] as unknown[] } as unknown as EventBatch & { events: unknown[] };
    circular.events.push(circular);
    expect(createBeaconSender({ url: 'u', navigator })(circular)).toBe(false);
  });
});

describe('createBeaconSender without a fetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns false when sendBeacon refuses and the runtime has no global fetch', () => {
    vi.stubGlobal('fetch', undefined);
    expect(createBeaconSender({ url: 'u', navigator: fakeNavigator(false).navigator })(batch)).toBe(false);
  });

  it('looks the global fetch up when it sends', () => {
    const sender = createBeaconSender({ url: 'https://c.example/e', navigator: {} as Navigator });
    const { fetch, calls } = fakeFetch();
    vi.stubGlobal('fetch', fetch);
    expect(sender(batch)).toBe(true);
    expect(calls).toHaveLength(1);
  });
});
