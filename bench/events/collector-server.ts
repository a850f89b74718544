/**
 * A stand-in collector, run in its own process (so it does not share the
 * benchmark's thread): a node:http server on 127.0.0.1 that reads each body
 * and answers 200 at once, then counts the batch's events and distinct ids so
 * the benchmark can check that every event arrived exactly once.
 * Protocol over IPC: it sends `{ type: 'listening', port }`; it answers
 * `{ type: 'stats' }` with its counters and exits on `{ type: 'close' }`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let requests = 0;
let events = 0;
let bytes = 0;
const ids = new Set<string>();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    response.writeHead(200, { 'content-length': '0' });
    response.end();
    const body = Buffer.concat(chunks);
    requests++;
    bytes += body.length;
    const batch = JSON.parse(body.toString('utf8')) as { events: { id: string }[] };
    events += batch.events.length;
    for (const event of batch.events) ids.add(event.id);
  });
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', requests, events, distinct: ids.size, bytes });
  if (message.type === 'reset') {
    requests = 0;
    events = 0;
    bytes = 0;
    ids.clear();
    process.send?.({ type: 'reset' });
  }
  if (message.type === 'close') server.close(() => process.exit(0));
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
