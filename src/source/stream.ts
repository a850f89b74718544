/**
 * The ruleset stream: server-sent events on the ruleset URL, read over a
 * streaming fetch (so it carries headers and `Last-Event-ID`, which the
 * browser's EventSource cannot). The framing is eventsource-parser's; each
 * `ruleset` event's data is `{ etag, signature?, body }` (docs/delivery.md).
 */
import { createParser } from 'eventsource-parser';
import { TransportError } from '../errors/index.js';
import type { FetchedRuleset } from './fetch-ruleset.js';

/** What one connection needs and reports. */
export interface StreamRequest {
  url: string;
  headers: { [name: string]: string } | undefined;
  /** The ETag in use: the server skips the event at connect when it is current. */
  lastEventId: string | undefined;
  send: typeof fetch;
  signal: AbortSignal;
  /** The server accepted the stream. */
  opened(): void;
  /** A ruleset event arrived. */
  ruleset(fetched: FetchedRuleset): void;
  /** The server asked for this reconnection delay (`retry:`). */
  retry(ms: number): void;
}

/** Reads one connection until it ends; rejects with a TransportError when it fails or ends. */
export async function readStream(request: StreamRequest): Promise<never> {
  const { url } = request;
  const headers: { [name: string]: string } = { ...request.headers, Accept: 'text/event-stream' };
  if (request.lastEventId !== undefined) headers['Last-Event-ID'] = request.lastEventId;
  let response: Response;
  try {
    response = await request.send(url, { headers, signal: request.signal, cache: 'no-store' });
  } catch (error) {
    throw new TransportError(`ruleset stream ${url}: ${(error as Error)?.message ?? error}`, {
      retryable: true,
      cause: error,
    });
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !response.body || !type.includes('text/event-stream')) {
    void response.body?.cancel().catch(() => {});
    throw new TransportError(`ruleset stream ${url}: HTTP ${response.status} ${type}`, {
      status: response.status,
      retryable: true,
    });
  }
  request.opened();
  const parser = createParser({
    onEvent(message) {
      if (message.event !== 'ruleset') return;
      try {
        const data = JSON.parse(message.data) as { etag?: unknown; signature?: unknown; body?: unknown };
        if (typeof data.body !== 'string') return;
        request.ruleset({
          body: data.body,
          etag: typeof data.etag === 'string' ? data.etag : message.id,
          signature: typeof data.signature === 'string' ? data.signature : undefined,
        });
      } catch {
        // A malformed event is skipped; the next one, or a poll, brings the ruleset.
      }
    },
    onRetry: request.retry,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (error) {
    throw new TransportError(`ruleset stream ${url}: ${(error as Error)?.message ?? error}`, {
      retryable: true,
      cause: error,
    });
  }
  throw new TransportError(`ruleset stream ${url}: closed by the server`, { retryable: true });
}
