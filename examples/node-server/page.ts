/** The server-rendered page: the flags as HTML, and the bootstrap the browser bundle hydrates from. */
import type { Bootstrap, User } from 'splitkit';
import type { PageFlags } from './flags.js';

/** What the browser bundle reads from the page's `#splitkit-config` script element. */
export interface PageConfig {
  /** The server's `client.snapshot(user)`; absent on `/?bootstrap=0` (then the browser fetches or uses its cache). */
  bootstrap?: Bootstrap;
  user: User;
  rulesetUrl: string;
  eventsUrl: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** JSON for an inline script: `<` escaped, so no value can close the element. */
export const inlineJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The whole page for one visitor; `script` is the browser bundle's path. */
export function renderPage(flags: PageFlags, config: PageConfig, script: string): string {
  const color = flags.color ?? 'none';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>splitkit node-server example</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; }
  button { font: inherit; padding: .5rem 1rem; border: 0; border-radius: 4px; color: #fff; background: #555; }
  button.red { background: #c22; } button.blue { background: #22c; }
</style>
</head>
<body>
<main>
  <h1>Checkout</h1>
  <p>Visitor <code>${escapeHtml(config.user.deviceID ?? '')}</code></p>
  <p>New checkout: <strong data-flag="checkout">${flags.checkout}</strong></p>
  <p>Button color variant: <strong data-flag="color">${escapeHtml(color)}</strong></p>
  <p>Free shipping above: <strong data-flag="threshold">${flags.threshold}</strong></p>
  <button id="buy" class="${escapeHtml(color)}">Buy</button>
  <p>Client: <span id="client-state">not started</span></p>
</main>
<script type="application/json" id="splitkit-config">${inlineJson(config)}</script>
<script src="${escapeHtml(script)}" defer></script>
</body>
</html>
`;
}
