/**
 * The senders of `npm run bench:collector`, in their own process so they do
 * not share the collector's event loop. On `{ port, senders, batchSize, ms }`
 * it posts batches of distinct events from `senders` concurrent loops for
 * `ms` milliseconds and answers with what was acknowledged.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

interface Run {
  port: number;
  senders: number;
  batchSize: number;
  ms: number;
}

export interface SendResult {
  events: number;
  requests: number;
  failures: number;
  ms: number;
}

const prefix = randomUUID().slice(0, 18);
let next = 0;

/** A custom event as the SDK sends it; only its id changes from one to the next (cheap to build). */
function eventText(time: number): string {
  const id = `${prefix}${(next++).toString(16).padStart(18, '0')}`;
  return `{"id":"${id}","type":"event","time":${time},"units":{"userID":"u${next % 100_000}"},"source":"server","name":"purchase","value":${next % 97},"metadata":{"plan":"pro","cart":3}}`;
}

function body(batchSize: number): Buffer {
  const time = Date.now() - 1000;
  const events: string[] = [];
  for (let i = 0; i < batchSize; i++) events.push(eventText(time));
  return Buffer.from(
    `{"batchId":"${randomUUID()}","sentAt":"${new Date().toISOString()}","sdk":{"name":"bench","version":"1"},"events":[${events.join(',')}]}`,
  );
}

function post(agent: Agent, port: number, data: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/events',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': data.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(data);
  });
}

async function run({ port, senders, batchSize, ms }: Run): Promise<SendResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: senders });
  const result: SendResult = { events: 0, requests: 0, failures: 0, ms: 0 };
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (performance.now() < deadline) {
        const status = await post(agent, port, body(batchSize));
        result.requests++;
        if (status === 200) result.events += batchSize;
        else result.failures++;
      }
    }),
  );
  result.ms = performance.now() - started;
  agent.destroy();
  return result;
}

process.on('message', (message: Run | 'exit') => {
  if (message === 'exit') {
    process.disconnect();
    return;
  }
  void run(message).then((result) => process.send?.(result));
});
