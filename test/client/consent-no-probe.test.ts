/**
 * Without identity consent (`identity: { persist: false }`) the browser client neither reads nor writes the
 * default stores, not even the probe writes that tell whether cookies and localStorage work: a consent scanner
 * records every cookie set before consent. Granting consent then makes them and stores the id, and the
 * event queue.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/browser.js';

/** A `document` and a `localStorage` that record every access, in order. */
function recordingPage() {
  const log: string[] = [];
  const jar = new Map<string, string>();
  const document = {
    location: { protocol: 'https:' },
    get cookie() {
      log.push('cookie.read');
      return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    set cookie(text: string) {
      log.push(`cookie.write ${text.split(';')[0]}`);
      const [pair = ''] = text.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0\b/.test(text)) jar.delete(name);
      else jar.set(name, value);
    },
  };
  const values = new Map<string, string>();
  const localStorage = {
    get length() {
      return values.size;
    },
    key: (index: number) => [...values.keys()][index] ?? null,
    getItem(key: string) {
      log.push(`ls.get ${key}`);
      return values.get(key) ?? null;
    },
    setItem(key: string, value: string) {
      log.push(`ls.set ${key}`);
      values.set(key, value);
    },
    removeItem(key: string) {
      log.push(`ls.remove ${key}`);
      values.delete(key);
    },
  };
  vi.stubGlobal('document', document);
  vi.stubGlobal('localStorage', localStorage);
  return { log, jar, values };
}

afterEach(() => vi.unstubAllGlobals());

describe('identity without consent', () => {
  it('touches no cookie and no localStorage key, probes included, until consent is granted', () => {
    const { log, jar } = recordingPage();
    const client = createClient({
      environment: 'browser',
      ruleset: { experiments: { e: { unit: 'deviceID', variants: [{ key: 'a', weight: 100 }] } } },
      identity: { persist: false, cookie: { domain: 'example.com' } },
    });
    expect(client.getExperiment('e').variant).toBe('a');
    expect(log).toEqual([]);
    client.setIdentityConsent(true);
    expect(log.some((entry) => entry.startsWith('cookie.write splitkit_did='))).toBe(true);
    expect(jar.get('splitkit_did')).toBe(client.getUser().deviceID);
  });
});

describe('event queue without consent', () => {
  it('touches no localStorage key until consent is granted, which stores the queue at once', () => {
    const { log, values } = recordingPage();
    const client = createClient({
      environment: 'browser',
      ruleset: {},
      identity: { persist: false, cookie: false },
      user: { userID: 'u' },
      // Down: the events stay queued.
      transport: async () => ({ status: 503 }),
      events: { flushIntervalMs: 600_000 },
    });
    client.track('clicked');
    expect(log).toEqual([]);
    client.setIdentityConsent(true);
    const queues = [...values.keys()].filter((key) => key.startsWith('splitkit.events#'));
    expect(queues).toHaveLength(1);
    expect(JSON.parse(values.get(queues[0]!)!).events.map((event: { name: string }) => event.name)).toContain(
      'clicked',
    );
  });
});
