/**
 * The framing of server-sent events (the WHATWG `text/event-stream` format), as far as the ruleset stream
 * needs it: each event's type, data and id, and the server's `retry:` delay. Comments and other fields are
 * skipped. Kept to these few lines so the ruleset source's lazy chunk carries no parser library.
 */

/** One dispatched event. */
export interface StreamEvent {
  /** The `event:` type; undefined for the default (`message`). */
  event: string | undefined;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The event's own `id:`, if it had one. */
  id: string | undefined;
}

/** Any line end: CRLF, LF or a lone CR. */
const LINE_END = /\r\n|\r|\n/;

/**
 * Returns `feed`, which takes the decoded text of a stream in chunks of any size (a line, or a CRLF, may be
 * split between two chunks). An event is dispatched at the blank line that ends it, when it had data; a
 * stream that ends in the middle of an event drops that event, as the format says.
 */
export function createEventParser(onEvent: (event: StreamEvent) => void, onRetry: (ms: number) => void): (text: string) => void {
  // The start of a line whose end has not arrived yet.
  let rest = '';
  let data: string | undefined;
  let event: string | undefined;
  let id: string | undefined;
  const line = (text: string): void => {
    if (text === '') {
      if (data !== undefined) onEvent({ event, data, id });
      data = event = id = undefined;
      return;
    }
    const colon = text.indexOf(':');
    // A line starting with a colon is a comment (e.g. a keep-alive).
    if (colon === 0) return;
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') event = value || undefined;
    else if (field === 'id') id = value.includes('\0') ? id : value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  return (text) => {
    // Most chunks of a large event are inside one data line: kept until its end arrives.
    if (!/[\r\n]/.test(text)) {
      rest += text;
      return;
    }
    const input = rest + text;
    // A CR at the very end may be the first half of a CRLF: it waits for the next chunk.
    const cut = input.endsWith('\r') ? input.length - 1 : input.length;
    const lines = input.slice(0, cut).split(LINE_END);
    rest = lines.pop()! + input.slice(cut);
    lines.forEach(line);
  };
}
