/**
 * A server you can run and curl: gates per request, keeps a logged-out
 * visitor's device id in a cookie, renders the variant server-side, and hands
 * the page a bootstrap its script hydrates from. Rulesets come from and events
 * go to `splitkit serve` (see README.md next to this file).
 *
 *   SPLITKIT_SERVE=http://127.0.0.1:8787 PORT=3000 npx tsx examples/node-server/main.ts
 */
import { createServer } from 'node:http';
import { createExample } from './app.js';

const serveUrl = (process.env.SPLITKIT_SERVE ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const example = await createExample({ serveUrl, secureCookie: process.env.COOKIE_SECURE === '1' });
const server = createServer(example.handle);
server.listen(port, host, () => {
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : port;
  console.log(
    `example listening on http://${host}:${listening}/ (ruleset from ${serveUrl}/ruleset.json: ${example.from}; browser bundle ${example.bundleGzipBytes} B gzip, splitkit/lean's ${example.leanBundleGzipBytes} B gzip on /?client=lean)`,
  );
});

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  void example.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
