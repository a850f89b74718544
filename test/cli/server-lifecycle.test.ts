import { describe, expect, it } from 'vitest';
import { catchSignals, describeStore } from '../../src/cli/server-lifecycle.js';

describe('serve lifecycle helpers', () => {
  it('masks a PostgreSQL password in the logged store location', () => {
    expect(describeStore('postgres://app:s3cret@db.internal:5432/events')).toBe(
      'postgres://app:***@db.internal:5432/events',
    );
    expect(describeStore('postgres://app:s3cret@[bad')).toBe('postgres://…');
    expect(describeStore('./events.ndjson')).toBe('./events.ndjson');
  });

  it('catches signals until disposed, then restores the default handling', async () => {
    const before = process.listenerCount('SIGTERM');
    const signals = catchSignals();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    let again = 0;
    signals.onAgain(() => again++);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await signals.first).toBe('SIGTERM');
    expect(signals.received).toBe('SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(again).toBe(1);
    signals.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
