/**
 * One list of error codes (`ErrorCode`, src/errors/index.ts), each explained in docs/errors.md, and the
 * codes of a read (`EvalErrorCode`) are OpenFeature's own names, which the providers pass through unchanged.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorCode as OpenFeatureErrorCode } from '@openfeature/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ErrorCode, EvalErrorCode } from '../../src/errors/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Every code, and only codes: a code added to (or taken from) `ErrorCode` fails `npm run typecheck` here.
const CODES = {
  FLAG_NOT_FOUND: true,
  TYPE_MISMATCH: true,
  PARSE_ERROR: true,
  GENERAL: true,
  INVALID_RULESET: true,
  INVALID_OPTIONS: true,
  TRACK_FAILED: true,
  IDENTIFY_FAILED: true,
  LISTENER_FAILED: true,
  INVALID_EVENT_BATCH: true,
  TRANSPORT_FAILED: true,
  EVENTS_DROPPED: true,
  STORE_FAILED: true,
  ANALYSIS_INPUT: true,
} as const satisfies { [code in ErrorCode]: true };
expectTypeOf<keyof typeof CODES>().toEqualTypeOf<ErrorCode>();

// A read's codes are names OpenFeature has.
expectTypeOf<EvalErrorCode>().toExtend<`${OpenFeatureErrorCode}`>();

describe('the error codes', () => {
  const docs = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
  /** The codes docs/errors.md explains: the first cell of its table rows. */
  const documented = new Set([...docs.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]!));

  it('are each explained in docs/errors.md', () => {
    expect(Object.keys(CODES).filter((code) => !documented.has(code))).toEqual([]);
  });

  it('are all docs/errors.md explains (no code the SDK does not have)', () => {
    expect([...documented].filter((code) => !(code in CODES))).toEqual([]);
  });
});
