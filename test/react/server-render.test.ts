import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createClient, type EventBatch } from '../../src/index.js';
import { SplitkitProvider, useGate } from '../../src/react/index.js';
import { App } from './fixtures/app.js';
import { reactRuleset, visitor } from './fixtures/ruleset.js';

function Gate() {
  return h('b', null, String(useGate('new_checkout')));
}

describe('splitkit/react on the server', () => {
  it('renders the values a direct read gives and logs no exposure', async () => {
    const batches: EventBatch[] = [];
    const transport = async (batch: EventBatch) => {
      batches.push(batch);
      return { status: 200 };
    };
    for (let i = 0; i < 30; i++) {
      const user = visitor(i);
      const client = createClient({ ruleset: reactRuleset, user, environment: 'server', transport });
      const html = renderToString(h(SplitkitProvider, { client }, h(App)));
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

  it('creates a client from options (trusted, as in the browser build) and says clearly when a hook has no provider', () => {
    const html = renderToString(
      h(SplitkitProvider, { options: { ruleset: reactRuleset, user: visitor(1), environment: 'server' } }, h(Gate)),
    );
    expect(html).toBe(
      `<b>${createClient({ ruleset: reactRuleset, environment: 'server' }).checkGate('new_checkout', visitor(1))}</b>`,
    );
    expect(() => renderToString(h(Gate))).toThrow(/need a <SplitkitProvider> above them/);
  });
});
