/**
 * The test page: loads the bundled SDK and creates a client the way an app
 * would (same-origin collector at `/events`), with the event options taken
 * from the `events` query parameter. Tests drive it through `window.client`
 * and a few helpers on `window.harness`.
 */
import type { EventOptions } from '../../../src/client/options.js';
import { BROWSER_RULESET } from './ruleset.js';

/** Header the page adds to every `fetch` it makes; `sendBeacon` cannot add headers, so its requests lack it. */
export const FETCH_TAG_HEADER = 'x-splitkit-test-via';

/** The query string that configures the page's client. */
export function pageQuery(events: EventOptions): string {
  return `?events=${encodeURIComponent(JSON.stringify(events))}`;
}

/** JSON for an inline script: `<` escaped, so no value can close the element. */
export const inlineJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** The page's HTML; `bundlePath` is where the server serves the SDK bundle. */
export function renderPage(bundlePath: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>splitkit browser test</title></head>
<body>
<script>
  // Tag fetches so the collector can tell them from beacons (the fetch transport and the
  // keepalive fallback both look the global fetch up when they send).
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set(${inlineJson(FETCH_TAG_HEADER)}, 'fetch');
    return realFetch(input, { ...init, headers });
  };
</script>
<script src="${bundlePath}"></script>
<script>
  const events = JSON.parse(new URLSearchParams(location.search).get('events') || '{}');
  const errors = [];
  window.client = splitkit.createClient({
    ruleset: ${inlineJson(BROWSER_RULESET)},
    collector: { url: '/events' },
    events,
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  window.harness = {
    errors,
    /** Two exposures (the gate and the experiment) and \`tracks\` custom events. */
    exercise(tracks) {
      client.checkGate('new_checkout');
      client.getExperiment('button_color');
      for (let i = 0; i < tracks; i++) client.track('purchase', { value: i + 1 });
    },
  };
</script>
</body></html>`;
}

/** A page on the same origin without the SDK, to look at storage between visits. */
export const BLANK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';
