/**
 * The public bucketing function. Its definition is splitkit's cross-language
 * contract (docs/bucketing.md): any SDK that implements it assigns every unit
 * to the same bucket.
 */
import { bucketOf, prepareSalt } from './hasher.js';

export { murmur3 } from './murmur3.js';

/**
 * The bucket of a unit for a salt: murmur3_x86_32 over the UTF-8 bytes of
 * `salt + "." + unitId`, seed 0, mod 10000. Returns an integer in [0, 10000).
 *
 * @example
 * ```ts
 * bucket('new_checkout.north_america', 'user-42'); // always the same number
 * ```
 */
export function bucket(salt: string, unitId: string): number {
  return bucketOf(prepareSalt(salt), unitId);
}
