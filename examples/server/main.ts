/**
 * A Node server gating a feature per request (`npx tsx examples/server/main.ts`).
 * One client for the whole process; each request passes its own user. A
 * logged-out visitor is keyed by a device id kept in a first-party cookie
 * (the same `splitkit_did` cookie the browser client reads), and visitors are
 * never keyed by their raw IP address.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient, hashIdentifier, type User } from 'splitkit';

const ruleset = JSON.parse(readFileSync(new URL('../quickstart/ruleset.json', import.meta.url), 'utf8'));
const events: string[] = [];
const client = createClient({
  ruleset,
  environment: 'server',
  // A transport that prints instead of posting: swap in `collector: { url }` for a real collector.
  transport: async (batch) => {
    for (const event of batch.events) events.push(`${event.type} ${event.name} ${JSON.stringify(event.units)}`);
    return { status: 200 };
  },
});

function cookie(req: IncomingMessage, name: string): string | undefined {
  const match = (req.headers.cookie ?? '').match(new RegExp(`(?:^|; )${name}=([^;]*)`));
  return match ? decodeURIComponent(match[1]!) : undefined;
}

const server = createServer(async (req, res) => {
  const deviceID = cookie(req, 'splitkit_did') ?? randomUUID();
  const user: User = { deviceID, country: String(req.headers['x-country'] ?? 'US') };
  const userID = req.headers['x-user-id'];
  if (typeof userID === 'string') {
    user.userID = userID;
    client.identify(user);
  }
  // An id for experiments whose unit is `ipKey` (clients that keep no cookie), never the raw address.
  user.ipKey = await hashIdentifier(req.socket.remoteAddress ?? '', 'replace-with-a-server-secret');

  const color = client.getExperiment('button_color', user).get('color', '#000');
  const checkout = client.checkGate('new_checkout', user);
  res.setHeader('Set-Cookie', `splitkit_did=${encodeURIComponent(deviceID)}; Path=/; Max-Age=31536000; SameSite=Lax`);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ deviceID, color, checkout }));
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

const first = await fetch(base);
const setCookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
console.log('first visit   ', await first.json());
console.log('same visitor  ', await (await fetch(base, { headers: { cookie: setCookie } })).json());
console.log('after login   ', await (await fetch(base, { headers: { cookie: setCookie, 'x-user-id': 'u42', 'x-country': 'CA' } })).json());

// Serverless functions do this before answering; long-running servers on shutdown.
await client.shutdown({ timeoutMs: 2000 });
server.close();
console.log('events sent:\n  ' + events.join('\n  '));
