import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type Transport } from '../../src/index.js';

/** An event target that keeps the listeners currently attached to it. */
function recordingTarget() {
  const attached: { type: string; listener: unknown }[] = [];
  return {
    attached,
    types: () => attached.map((entry) => entry.type),
    addEventListener(type: string, listener: unknown) {
      attached.push({ type, listener });
    },
    removeEventListener(type: string, listener: unknown) {
      const at = attached.findIndex((entry) => entry.type === type && entry.listener === listener);
      if (at >= 0) attached.splice(at, 1);
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('page listeners of a browser client', () => {
  it('are attached while the client runs and removed once it has shut down', async () => {
    const document = Object.assign(recordingTarget(), { visibilityState: 'visible' });
    const window = Object.assign(recordingTarget(), { document });
    vi.stubGlobal('window', window);
    const transport: Transport = async () => ({ status: 200 });
    const client = createClient({
      ruleset: {},
      environment: 'browser',
      transport,
      identityStores: [],
      events: { persist: false },
    });
    expect(window.types().sort()).toEqual(['online', 'pagehide']);
    expect(document.types()).toEqual(['visibilitychange']);

    await client.shutdown({ timeoutMs: 1_000 });
    expect(window.attached).toEqual([]);
    expect(document.attached).toEqual([]);
  });

  it('are never attached by a server client', async () => {
    const window = Object.assign(recordingTarget(), { document: recordingTarget() });
    vi.stubGlobal('window', window);
    const client = createClient({ ruleset: {}, environment: 'server', transport: async () => ({ status: 200 }) });
    expect(window.attached).toEqual([]);
    await client.shutdown({ timeoutMs: 0 });
  });
});
