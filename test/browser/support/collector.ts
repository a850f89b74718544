/**
 * The collector side of the loopback server: records every request the page
 * sends to `/events` (fetch or beacon, told apart by the page's fetch tag),
 * answers as the test wants (up, 503, or a cut connection), and lets a test
 * wait, with a bound, until what it expects has arrived.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseEventBatch } from '../../../src/events/schema.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import { FETCH_TAG_HEADER } from './page.js';

/**
 * How the collector answers: store and 200, 503 without storing, destroy the connection, or (`hold-fetch`)
 * store beacons but hold the page's fetches open unanswered and unstored, as a stalled collector would.
 */
export type CollectorMode = 'up' | 'unavailable' | 'destroy' | 'hold-fetch';

/** One request as the collector saw it. */
export interface CollectorRequest {
  /** `fetch` when the page's fetch tag was present; otherwise the request came from `navigator.sendBeacon`. */
  via: 'fetch' | 'beacon';
  contentType: string | undefined;
  /** The status answered, `destroyed`, or `held` (never answered). */
  answer: number | 'destroyed' | 'held';
  /** Event ids in the body (also for requests that were refused); empty when the body was invalid. */
  eventIds: string[];
  /** Why the body was rejected as a batch, when it was. */
  invalid?: string;
}

const MAX_BODY_BYTES = 1 << 20;
/** Long enough that a refused client does not retry during a test (the SDK honours Retry-After on 503). */
const RETRY_AFTER_SECONDS = 3_600;
const DEFAULT_WAIT_MS = 10_000;

/** Records what reaches `/events`. */
export class TestCollector {
  /** How the next requests are answered. */
  mode: CollectorMode = 'up';
  readonly requests: CollectorRequest[] = [];
  /** Stored events by id (the first copy). */
  readonly events = new Map<string, SplitkitEvent>();
  /** How many times each event id was stored: above 1 means it was delivered more than once. */
  readonly deliveries = new Map<string, number>();
  private listeners: (() => void)[] = [];
  /** Requests held open in `hold-fetch` mode, closed at reset. */
  private held: ServerResponse[] = [];

  /** Forgets everything and comes back up. */
  reset(): void {
    for (const res of this.held.splice(0)) res.destroy();
    this.mode = 'up';
    this.requests.length = 0;
    this.events.clear();
    this.deliveries.clear();
  }

  /** Handles `POST /events`. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => this.answer(req, res, Buffer.concat(chunks).toString('utf8')));
  }

  /** Unique event ids stored so far. */
  storedIds(): string[] {
    return [...this.deliveries.keys()];
  }

  /** Resolves once `condition()` holds; rejects after `timeoutMs` with `description` and what arrived. */
  waitFor(description: string, condition: () => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        finish();
        resolve();
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== check);
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${description}; requests: ${JSON.stringify(this.requests)}`,
          ),
        );
      }, timeoutMs);
      this.listeners.push(check);
    });
  }

  /** Resolves once every id in `ids` was stored. */
  waitForIds(ids: readonly string[], timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitFor(
      `${ids.length} event id(s) to be stored`,
      () => ids.every((id) => this.deliveries.has(id)),
      timeoutMs,
    );
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const request: CollectorRequest = {
      via: req.headers[FETCH_TAG_HEADER] === 'fetch' ? 'fetch' : 'beacon',
      contentType: req.headers['content-type'],
      answer: 'destroyed',
      eventIds: [],
    };
    let events: SplitkitEvent[] = [];
    try {
      // Beacons may come typed text/plain or application/json: the body is parsed either way.
      events = parseEventBatch(JSON.parse(body)).events;
      request.eventIds = events.map((event) => event.id);
    } catch (error) {
      request.invalid = error instanceof Error ? error.message : String(error);
    }

    if (this.mode === 'destroy') {
      req.socket.destroy();
    } else if (this.mode === 'hold-fetch' && request.via === 'fetch') {
      request.answer = 'held';
      this.held.push(res);
    } else if (this.mode === 'unavailable') {
      request.answer = 503;
      res.writeHead(503, { 'Retry-After': String(RETRY_AFTER_SECONDS) }).end();
    } else if (request.invalid !== undefined) {
      request.answer = 400;
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(request.invalid);
    } else {
      request.answer = 200;
      this.store(events);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ accepted: events.length }));
    }
    this.requests.push(request);
    for (const listener of this.listeners.slice()) listener();
  }

  private store(events: SplitkitEvent[]): void {
    for (const event of events) {
      if (!this.events.has(event.id)) this.events.set(event.id, event);
      this.deliveries.set(event.id, (this.deliveries.get(event.id) ?? 0) + 1);
    }
  }
}
