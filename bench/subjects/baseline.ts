/**
 * The floor: the least work any SDK must do to bucket a user, done the
 * obvious way: encode `salt + "." + id` to UTF-8 with TextEncoder and hash it
 * with murmurhash3js-revisited (defaults, input validation included).
 */
import { createRequire } from 'node:module';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

interface Murmur {
  x86: { hash32(bytes: Uint8Array, seed?: number): number };
}

// Loaded with require so the bench does not depend on the test suite's ambient type declaration.
const murmur = createRequire(import.meta.url)('murmurhash3js-revisited') as Murmur;

/** One case per group: hash every user once, counting buckets under 20%. */
export function baselineCases(users: readonly BenchUser[], groups: readonly string[]): BenchCase[] {
  const encoder = new TextEncoder();
  return groups.map((group) => ({
    group,
    sdk: 'baseline',
    mode: 'TextEncoder + murmur3',
    operations: users.length,
    run: (from, to) => hashLoop(encoder, users, `${group}.salt`, from, to),
  }));
}

function hashLoop(encoder: TextEncoder, users: readonly BenchUser[], salt: string, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    if (murmur.x86.hash32(encoder.encode(`${salt}.${users[i]!.userID}`), 0) % 10_000 < 2_000) sum++;
  }
  return sum;
}
