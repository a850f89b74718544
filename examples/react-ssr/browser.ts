/**
 * The page's script, bundled by server.ts at startup: hydrates the server's
 * markup with a provider that starts from the embedded bootstrap, so its
 * first render reads the values the server rendered, with no request.
 */
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import type { Transport } from 'splitkit';
import { SplitkitProvider } from 'splitkit/react';
import { App, PAGE_DATA_ID, type PageData } from './app.js';

const { bootstrap, user, collectorUrl } = JSON.parse(document.getElementById(PAGE_DATA_ID)!.textContent!) as PageData;

// With no collector to post to, show the batches the client would send.
const logTransport: Transport = async (batch) => {
  for (const event of batch.events) console.log(`splitkit ${event.type}`, event);
  return { status: 200 };
};

hydrateRoot(
  document.getElementById('root')!,
  createElement(
    SplitkitProvider,
    {
      options: {
        bootstrap,
        user,
        ...(collectorUrl ? { collector: { url: collectorUrl } } : { transport: logTransport }),
        // Sooner than the 10 s default, so the demo's events show up while you look.
        events: { flushIntervalMs: 1_000 },
      },
    },
    createElement(App),
  ),
);
