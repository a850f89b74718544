/** A raw server-sent-events reader for tests: the frames `splitkit serve` writes, as they arrive. */

/** One event of the stream. */
export interface StreamEvent {
  event: string;
  id: string | undefined;
  data: string;
  /** performance.now() when its last byte arrived. */
  at: number;
}

/** An open stream: `next()` resolves with the next event (pings and `retry:` skipped), or undefined once it ended. */
export interface EventStreamReader {
  next(timeoutMs?: number): Promise<StreamEvent | undefined>;
  close(): void;
  /** Every comment line seen. */
  comments: string[];
  /** performance.now() at each `ping` event (heartbeat) seen. */
  pings: number[];
}

/** Opens `url` with `Accept: text/event-stream` and `headers`. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; reader: EventStreamReader }> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const body = response.body!.getReader();
  const decoder = new TextDecoder();
  const queue: StreamEvent[] = [];
  const comments: string[] = [];
  const pings: number[] = [];
  let buffer = '';
  let ended = false;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            const colon = line.indexOf(':');
            if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
          }
          if (fields['event'] === 'ping') pings.push(performance.now());
          else if (fields['data'] !== undefined)
            queue.push({
              event: fields['event'] ?? 'message',
              id: fields['id'],
              data: fields['data'],
              at: performance.now(),
            });
        }
        wake?.();
      }
    } catch {
      // Aborted or cut: the stream simply ends.
    }
    ended = true;
    wake?.();
  })();
  const next = async (timeoutMs = 5_000): Promise<StreamEvent | undefined> => {
    const deadline = performance.now() + timeoutMs;
    while (queue.length === 0 && !ended) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return queue.shift();
  };
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    reader: { next, close: () => controller.abort(), comments, pings },
  };
}
