import { describe, expect, it } from 'vitest';
import { createEventParser, type StreamEvent } from '../../src/source/event-stream.js';

/** Feeds `chunks` to a new parser; returns what it dispatched and the retry delays it was told. */
function parse(chunks: string[]): { events: StreamEvent[]; retries: number[] } {
  const events: StreamEvent[] = [];
  const retries: number[] = [];
  const feed = createEventParser((event) => events.push(event), (ms) => retries.push(ms));
  chunks.forEach(feed);
  return { events, retries };
}

/** Every way to cut `text` in two. */
const splits = (text: string): string[][] => Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)]);

describe('the event-stream framing', () => {
  const stream = ': hello\r\nretry: 50\r\n\r\nevent: ruleset\r\nid: e1\r\ndata: {"a":\r\ndata:1}\r\n\r\ndata: plain\n\nevent: ruleset\rdata: x\r\r: the CR before waits for what follows\n';
  const expected = [
    { event: 'ruleset', data: '{"a":\n1}', id: 'e1' },
    { event: undefined, data: 'plain', id: undefined },
    { event: 'ruleset', data: 'x', id: undefined },
  ];

  it('reads events, data lines, ids and retry with CRLF, LF and CR line ends', () => {
    expect(parse([stream])).toEqual({ events: expected, retries: [50] });
  });

  it('gives the same events however the text is cut into chunks, a CRLF split in two included', () => {
    for (const chunks of splits(stream)) expect(parse(chunks).events).toEqual(expected);
    expect(parse([...stream]).events).toEqual(expected);
  });

  it('holds a CR that ends a chunk until the next one says whether an LF follows', () => {
    expect(parse(['data: x\r\r']).events).toEqual([]);
    expect(parse(['data: x\r\r', 'data: y\r\r']).events).toEqual([{ event: undefined, data: 'x', id: undefined }]);
  });

  it('dispatches nothing for an event without data, and drops an event the stream ends in', () => {
    expect(parse(['event: ruleset\nid: 1\n\n', 'data: cut off\n']).events).toEqual([]);
  });

  it('takes a field without a colon as empty, one space after the colon off, ids with NUL ignored', () => {
    expect(parse(['data\ndata:  two\nid: a\0b\nretry: 1x\n\n']).events).toEqual([{ event: undefined, data: '\n two', id: undefined }]);
    expect(parse(['retry: 1x\nretry:\n\n']).retries).toEqual([]);
  });
});
