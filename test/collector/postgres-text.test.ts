/**
 * What the PostgreSQL store refuses before an insert (no server needed): text
 * PostgreSQL cannot hold, named by path, each problem of a string told.
 */
import { describe, expect, it } from 'vitest';
import { EventBatchError } from '../../src/errors/index.js';
import { assertStorableInPostgres } from '../../src/collector/postgres-text.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { custom } from './support/events.js';

function issuesOf(events: SplitkitEvent[]): unknown {
  try {
    assertStorableInPostgres(events);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EventBatchError);
    return (error as EventBatchError).issues;
  }
}

describe('assertStorableInPostgres', () => {
  it('names U+0000, an unpaired surrogate, and both in one string', () => {
    const events = [
      custom('purchase', undefined, { metadata: { a: 'x\u0000', b: 'y\ud800', c: '\u0000\udc00', pair: '🧪' } }),
    ];
    expect(issuesOf(events)).toEqual([
      { path: 'events[0].metadata.a', message: 'PostgreSQL cannot store U+0000 in text' },
      { path: 'events[0].metadata.b', message: 'PostgreSQL cannot store an unpaired UTF-16 surrogate in text' },
      {
        path: 'events[0].metadata.c',
        message: 'PostgreSQL cannot store U+0000 or an unpaired UTF-16 surrogate in text',
      },
    ]);
  });

  it('lets well-formed text through, emoji included', () => {
    expect(issuesOf([custom('purchase', undefined, { metadata: { note: 'ü 🧪 \ufffd' } })])).toEqual([]);
  });
});
