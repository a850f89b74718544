import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createClient, type EventBatch } from '../../src/index.js';
import type { ServerEntry } from './fixtures/server-entry.js';
import { reactRuleset, visitor } from './fixtures/ruleset.js';
import { importWithReact, REACT_MAJORS, type ReactMajor } from './support/react-versions.js';

const ENTRY = fileURLToPath(new URL('./fixtures/server-entry.ts', import.meta.url));

/** React 19 is the installed `react`; React 18 comes bundled from its npm aliases. */
const load = (major: ReactMajor): Promise<ServerEntry> =>
  major === 19 ? import('./fixtures/server-entry.js') : importWithReact<ServerEntry>(ENTRY, major);

describe.each(REACT_MAJORS)('splitkit/react on the server with React %i', (major) => {
  it('renders with that React', async () => {
    expect((await load(major)).reactVersion.split('.')[0]).toBe(String(major));
  });

  it('renders the values a direct read gives and logs no exposure', async () => {
    const { renderApp } = await load(major);
    const batches: EventBatch[] = [];
    const transport = async (batch: EventBatch) => {
      batches.push(batch);
      return { status: 200 };
    };
    for (let i = 0; i < 30; i++) {
      const user = visitor(i);
      const client = createClient({ ruleset: reactRuleset, user, environment: 'server', transport });
      const html = renderApp({ client });
      expect(html).toContain(
        client.checkGate('new_checkout', user, { exposure: false }) ? 'new checkout' : 'old checkout',
      );
      expect(html).toContain(`>${client.getExperiment('button_color', user, { exposure: false }).variant}</button>`);
      expect(html).toContain(
        `free shipping from ${client.getParam('free_shipping_threshold', 50, user, { exposure: false })}`,
      );
      client.track('rendered');
      await client.flush();
    }
    // The pipeline delivered what was tracked, and rendering logged no exposure.
    const events = batches.flatMap((batch) => batch.events);
    expect(events.filter((event) => event.type === 'event')).toHaveLength(30);
    expect(events.filter((event) => event.type === 'exposure')).toStrictEqual([]);
  });

  it('streams with renderToPipeableStream the markup renderToString gives, from a bootstrap too, with no exposure', async () => {
    const { renderApp, streamApp } = await load(major);
    let exposures = 0;
    const transport = async (batch: EventBatch) => {
      exposures += batch.events.filter((event) => event.type === 'exposure').length;
      return { status: 200 };
    };
    for (let i = 0; i < 10; i++) {
      const user = visitor(i);
      const client = createClient({ ruleset: reactRuleset, user, environment: 'server', transport });
      const bootstrap = JSON.parse(JSON.stringify(client.snapshot(user)));
      const expected = renderApp({ client });
      expect(await streamApp({ client })).toBe(expected);
      expect(await streamApp({ options: { bootstrap, environment: 'server' } })).toBe(expected);
      await client.flush();
    }
    expect(exposures).toBe(0);
  });

  it('renders from a bootstrap of either mode the values the server client reads', async () => {
    const { renderApp } = await load(major);
    for (const mode of ['values', 'ruleset'] as const) {
      for (let i = 0; i < 10; i++) {
        const user = visitor(i);
        const server = createClient({ ruleset: reactRuleset, user, environment: 'server' });
        const bootstrap = JSON.parse(JSON.stringify(server.snapshot(user, { mode })));
        const fromBootstrap = renderApp({ options: { bootstrap, environment: 'server' } });
        const direct = renderApp({ client: server });
        // Both modes carry the visitor's variant params, so even the button's color is the server's.
        expect(fromBootstrap).toBe(direct);
      }
    }
  });

  it('renders useSplitkitStatus as the client started, not ready, and asks no ready() on the server', async () => {
    const { renderStatus } = await load(major);
    const user = visitor(1);
    const server = createClient({ ruleset: reactRuleset, user, environment: 'server' });
    const ready = vi.spyOn(server, 'ready');
    expect(renderStatus({ client: server })).toBe('<i>static false false</i>');
    // A per-request client: the render starts no wait (and no timer) that would outlive the request.
    expect(ready).not.toHaveBeenCalled();
    const bootstrap = JSON.parse(JSON.stringify(server.snapshot(user)));
    expect(renderStatus({ options: { bootstrap, user, environment: 'server' } })).toBe('<i>bootstrap false false</i>');
    expect(renderStatus({ options: { environment: 'server' } })).toBe('<i>none false false</i>');
  });

  it('renders useSplitkitStatus with the origin a process-wide client has at each render, not its first', async () => {
    const { renderStatus } = await load(major);
    let answer = (_body: string) => {};
    const answered = new Promise<string>((resolve) => (answer = resolve));
    const server = createClient({
      environment: 'server',
      source: {
        url: 'https://flags.test/ruleset.json',
        pollIntervalMs: 0,
        fetch: async () => new Response(await answered),
      },
    });
    expect(renderStatus({ client: server })).toBe('<i>none false false</i>');
    answer(JSON.stringify(reactRuleset));
    await server.ready();
    expect(server.status().origin).toBe('network');
    expect(renderStatus({ client: server })).toBe('<i>network false false</i>');
    await server.shutdown();
  });

  it('creates a client from options (trusted, as in the browser build)', async () => {
    const { renderGate } = await load(major);
    const html = renderGate({ options: { ruleset: reactRuleset, user: visitor(1), environment: 'server' } });
    expect(html).toBe(
      `<b>${createClient({ ruleset: reactRuleset, environment: 'server' }).checkGate('new_checkout', visitor(1))}</b>`,
    );
  });

  it('serves the defaults outside a provider (reads never throw), says so once, and useSplitkit still throws', async () => {
    const { renderApp, renderReads } = await load(major);
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    try {
      for (let i = 0; i < 2; i++)
        expect(renderReads()).toBe('<p>false</p><p>null ERROR false 7</p><p>{&quot;fallback&quot;:true}</p>');
      expect(() => renderApp()).not.toThrow();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^splitkit\/react: useGate\('new_checkout'\) has no <SplitkitProvider> above it; hooks serve their defaults$/,
      );
      expect(() => renderReads({ client: true })).toThrow(/useSplitkit needs a <SplitkitProvider> above it/);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps no timer for the client a provider built from options on the server (one per request)', async () => {
    const { renderApp } = await load(major);
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const user = visitor(1);
      const bootstrap = createClient({ ruleset: reactRuleset, environment: 'server' }).snapshot(user);
      renderApp({ options: { bootstrap, user, environment: 'server', transport: async () => ({ status: 200 }) } });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
