/**
 * Every read takes the same trailing arguments, each in its own position: the
 * user (server style: one user per call; absent, `undefined` or `null` for the
 * bound one), then the options of the read. `checkGate(name)`,
 * `checkGate(name, user)`, `checkGate(name, user, { exposure: false })` and
 * `checkGate(name, undefined, { exposure: false })` all work. A user is never
 * told apart from options by its keys, so any attribute names are safe.
 */
import type { User } from '../eval/types.js';

/** Options of a single read; always the argument after the user. */
export interface EvaluationOptions {
  /** `false`: don't log an exposure for this read (e.g. a settings page that lists flags). */
  exposure?: boolean;
}

/** The user and exposure setting a read resolves to. */
export interface ResolvedArguments {
  user: User;
  exposure: boolean;
}

/** Resolves `(user?, options?)` against the bound user, into `out` (reused to avoid allocation). */
export function resolveArguments(
  bound: User,
  user: User | null | undefined,
  options: EvaluationOptions | undefined,
  out: ResolvedArguments,
): ResolvedArguments {
  // `typeof null` is 'object', so the null checks are still needed; undefined fails the typeof.
  out.user = typeof user === 'object' && user !== null ? user : bound;
  out.exposure = !(typeof options === 'object' && options !== null && options.exposure === false);
  return out;
}
