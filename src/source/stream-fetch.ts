/**
 * The ruleset stream over a streaming fetch, for where the browser's EventSource is missing (Node 20) or
 * cannot do what is asked (custom headers, a given fetch). It sends `Last-Event-ID` from the first
 * connection on. The framing is eventsource-parser's. Loaded by ./stream.ts with `import()`, so a browser
 * page that streams through EventSource never downloads it.
 */
import { createParser } from 'eventsource-parser';
import { SplitkitError, TransportError } from '../errors/index.js';
import type { IdleWatch, StreamRequest } from './stream.js';

/**
 * Reads one connection until it ends; rejects with a TransportError when it fails or ends. `idleWatch` is
 * ./stream.ts's, passed in so that this chunk imports nothing the start chunk has (a bundler would split it off
 * as a third chunk).
 */
export async function readStream(
  request: StreamRequest,
  idleWatch: (scheduler: StreamRequest['scheduler'], idle: (why: string) => void) => IdleWatch,
): Promise<never> {
  const { url, name } = request;
  const headers: { [name: string]: string } = { ...request.headers, Accept: 'text/event-stream' };
  if (request.lastEventId !== undefined) headers['Last-Event-ID'] = request.lastEventId;
  let response: Response;
  try {
    response = await request.send(url, { headers, signal: request.signal, cache: 'no-store' });
  } catch (error) {
    throw new TransportError(`ruleset stream ${name}: ${(error as Error)?.message ?? error}`, {
      retryable: true,
      cause: error,
    });
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !response.body || !type.includes('text/event-stream')) {
    void response.body?.cancel().catch(() => {});
    throw new TransportError(`ruleset stream ${name}: HTTP ${response.status} ${type}`, {
      status: response.status,
      retryable: true,
    });
  }
  request.opened();
  const { maxBytes, scheduler } = request;
  // A half-open connection ends no read: the server's heartbeats tell it from a quiet one (./stream.ts).
  let idle: string | undefined;
  const watch = idleWatch(scheduler, (why) => {
    idle = why;
    void reader.cancel().catch(() => {});
  });
  // An event (or a line of one) growing past maxBytes: the parser stops buffering it, and the connection closes.
  let over = false;
  const parser = createParser({
    onEvent(message) {
      // One that arrived whole in a single chunk, past the parser's own check.
      if ((over ||= message.data.length > maxBytes)) return;
      if (message.event === 'ruleset') request.event(message.data, message.id);
      else if (message.event === 'ping') watch.beat();
    },
    onRetry: request.retry,
    onComment: watch.beat,
    onError(error) {
      over ||= error.type === 'max-buffer-size-exceeded';
    },
    // Room for the line's `data: ` prefix, which the parser counts: the exact cap is the check in onEvent.
    maxBufferSize: maxBytes + 64,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
      if (over) break;
      watch.heard();
    }
  } catch (error) {
    throw new TransportError(`ruleset stream ${name}: ${(error as Error)?.message ?? error}`, {
      retryable: true,
      cause: error,
    });
  } finally {
    watch.stop();
  }
  if (idle) throw new TransportError(`ruleset stream ${name}: ${idle}`, { retryable: true });
  if (!over) throw new TransportError(`ruleset stream ${name}: closed by the server`, { retryable: true });
  void reader.cancel().catch(() => {});
  throw new SplitkitError(
    'INVALID_RULESET',
    `ruleset stream ${name}: an event larger than source.maxBytes (${maxBytes} characters) refused`,
  );
}
