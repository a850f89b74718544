/**
 * One cheap pass over a body's bytes before it is parsed. `JSON.parse` of
 * 200 KB of `{},{},…` costs ~15 ms and a 1 MiB body nested 500,000 deep
 * ~230 ms, while this loop reads either in well under a millisecond per
 * 300 KB: so a body with too many events, too many values or too deep a
 * nesting is refused before it costs anything more than being read.
 */

/** What the pass checks. */
export interface ShapeLimits {
  /** Most items in any top-level array (the batch's `events`). */
  maxEvents: number;
  /** Most JSON values in the whole body. */
  maxValues: number;
  /** Deepest nesting inside one event, the event object itself being level 1. */
  maxEventDepth: number;
}

/** What the pass found. */
export type BodyShape =
  /**
   * Within the limits. `surrogateEscapes`: some string escapes a UTF-16 surrogate (`\ud800` to `\udfff`);
   * when false, no parsed string can hold an unpaired one (UTF-8 bytes decode to pairs or U+FFFD only).
   */
  | { kind: 'ok'; surrogateEscapes: boolean }
  /** A top-level array holds more than `maxEvents` items (counting stopped there). */
  | { kind: 'too-many-events' }
  /** The body holds more than `maxValues` JSON values (counting stopped there). */
  | { kind: 'too-many-values' }
  /** Nesting went past the limit, inside the event at `index` (whose `id` string, when seen before, is raw JSON). */
  | { kind: 'too-deep'; index: number | undefined; rawId: string | undefined };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

// The bytes of `"id"`, to spot an event's id key without decoding it.
const ID_KEY = Buffer.from('"id"');
const EVENTS_KEY = Buffer.from('"events"');

// Byte by byte: a call into Buffer's native compare or indexOf costs more than these short loops, and they
// run for every key and string of every body.
function isKey(body: Buffer, start: number, end: number, key: Buffer): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (body[start + i] !== key[i]) return false;
  return true;
}

const LOWER_U = 0x75;

/** Whether the escape whose backslash is at `i` is `\uD800` to `\uDFFF` (either case): a surrogate. */
function isSurrogateEscape(body: Buffer, i: number): boolean {
  if (body[i + 1] !== LOWER_U || ((body[i + 2] ?? 0) | 0x20) !== 0x64) return false;
  const digit = (body[i + 3] ?? 0) | 0x20;
  return digit === 0x38 || digit === 0x39 || (digit >= 0x61 && digit <= 0x66);
}

/**
 * Index just past the string whose opening quote is at `start` (the body's length when it never ends); sets
 * `seen.surrogateEscape` when the string escapes a surrogate.
 */
function stringEnd(body: Buffer, start: number, seen: { surrogateEscape: boolean }): number {
  for (let i = start + 1; i < body.length; i++) {
    const byte = body[i];
    // A backslash escapes the byte after it, whatever it is.
    if (byte === BACKSLASH) {
      if (!seen.surrogateEscape && isSurrogateEscape(body, i)) seen.surrogateEscape = true;
      i++;
    } else if (byte === QUOTE) return i + 1;
  }
  return body.length;
}

function isDelimiter(byte: number): boolean {
  return (
    byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT || byte === COLON || byte === QUOTE || isSpace(byte)
  );
}

/**
 * Scans `body` (JSON text, not yet validated) and stops at the first limit
 * passed. Malformed JSON is not this pass's business: it is refused when parsed.
 * Depths: the batch object is 1, `events` 2, an event 3. Keys are not values.
 */
export function scanBodyShape(body: Buffer, limits: ShapeLimits): BodyShape {
  const deepest = limits.maxEventDepth + 2;
  // Whether the container at each depth is an object (depth never passes `deepest`).
  const isObject = new Uint8Array(deepest + 2);
  let depth = 0;
  let values = 0;
  let items = 0;
  // Inside an object after '{' or ',': the next string is a key.
  let expectKey = false;
  // In an array at depth 2, waiting for the first byte of the next item.
  let awaitingItem = false;
  let afterIdKey = false;
  // Where the current event's id string lies (decoded only if it is named): -1 when none was seen.
  let idStart = -1;
  let idEnd = -1;
  // Items of any top-level array are counted; only those of `events` are named.
  let afterEventsKey = false;
  let inEvents = false;
  const inEvent = (): boolean => inEvents && depth >= 3;
  const seen = { surrogateEscape: false };
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (isSpace(byte)) continue;
    if (awaitingItem) {
      awaitingItem = false;
      if (byte !== CLOSE_ARRAY) {
        if (++items > limits.maxEvents) return { kind: 'too-many-events' };
        idStart = -1;
      }
    }
    if (byte === QUOTE) {
      const end = stringEnd(body, i, seen);
      if (expectKey) {
        expectKey = false;
        afterIdKey = depth === 3 && inEvent() && isKey(body, i, end, ID_KEY);
        afterEventsKey = depth === 1 && isKey(body, i, end, EVENTS_KEY);
      } else {
        values++;
        // Kept only while short: an oversized id is never echoed back.
        if (afterIdKey && end - i <= 200) {
          idStart = i;
          idEnd = end;
        }
        afterIdKey = false;
      }
      i = end - 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      values++;
      afterIdKey = false;
      if (++depth > deepest) {
        const event = inEvent();
        const rawId = event && idStart !== -1 ? body.toString('utf8', idStart, idEnd) : undefined;
        return { kind: 'too-deep', index: event ? items - 1 : undefined, rawId };
      }
      isObject[depth] = byte === OPEN_OBJECT ? 1 : 0;
      expectKey = byte === OPEN_OBJECT;
      if (depth === 2) {
        inEvents = afterEventsKey && byte === OPEN_ARRAY;
        items = 0;
        awaitingItem = byte === OPEN_ARRAY;
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      expectKey = false;
    } else if (byte === COMMA) {
      expectKey = isObject[depth] === 1;
      awaitingItem = depth === 2 && isObject[2] === 0;
    } else if (byte !== COLON) {
      // A number or a literal: skip to its end so it counts once.
      values++;
      afterIdKey = false;
      while (i + 1 < body.length && !isDelimiter(body[i + 1]!)) i++;
    }
    if (values > limits.maxValues) return { kind: 'too-many-values' };
  }
  return { kind: 'ok', surrogateEscapes: seen.surrogateEscape };
}
