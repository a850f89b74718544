/**
 * The error classes keep their fields as plain own properties (declared and
 * assigned in the constructor, so bundles need no define helper), and the
 * brand check answers for anything it is given.
 */
import { describe, expect, it } from 'vitest';
import {
  AnalysisError,
  ConfigError,
  EventBatchError,
  isSplitkitError,
  SplitkitError,
  TransportError,
} from '../../src/errors/index.js';

describe('the error classes', () => {
  it('carry code, name, message and their own fields', () => {
    const issues = [
      { path: 'gates.g', message: 'expected an object' },
      { path: '', message: 'bad' },
    ];
    const config = new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'options' });
    expect(config).toMatchObject({
      name: 'ConfigError',
      code: 'INVALID_OPTIONS',
      message: 'Invalid options:\ngates.g: expected an object\nbad',
    });
    expect(config.issues).toBe(issues);
    expect(new ConfigError(issues)).toMatchObject({
      code: 'INVALID_RULESET',
      message: 'Invalid ruleset:\ngates.g: expected an object\nbad',
    });

    const batch = new EventBatchError(issues);
    expect(batch).toMatchObject({ name: 'EventBatchError', code: 'INVALID_EVENT_BATCH', issues });

    const cause = new Error('offline');
    const transport = new TransportError('failed', { status: 503, retryable: true, cause });
    expect(transport).toMatchObject({
      name: 'TransportError',
      code: 'TRANSPORT_FAILED',
      message: 'failed',
      status: 503,
      retryable: true,
      cause,
    });
    expect(Object.keys(transport)).toStrictEqual(['name', 'code', 'status', 'retryable']);
    expect(Object.keys(new TransportError('x', { retryable: false }))).toStrictEqual([
      'name',
      'code',
      'status',
      'retryable',
    ]);
    expect(Object.keys(config)).toStrictEqual(['name', 'code', 'issues']);

    for (const error of [config, batch, transport, new AnalysisError('x'), new SplitkitError('FLAG_NOT_FOUND', 'x')]) {
      expect(error).toBeInstanceOf(SplitkitError);
      expect(error).toBeInstanceOf(Error);
      expect(isSplitkitError(error)).toBe(true);
    }
  });

  it('are recognized by their brand, also from another copy of the package, and nothing else is', () => {
    expect(isSplitkitError({ [Symbol.for('splitkit.error')]: true, code: 'FLAG_NOT_FOUND' })).toBe(true);
    for (const value of [
      undefined,
      null,
      0,
      'SplitkitError',
      true,
      Symbol('x'),
      1n,
      () => {},
      new Error('x'),
      {},
      { code: 'FLAG_NOT_FOUND' },
    ]) {
      expect(isSplitkitError(value)).toBe(false);
    }
  });
});
