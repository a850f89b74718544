/**
 * Every read accepts the same trailing arguments: a user (server style: one
 * user per call) and/or options. `checkGate(name, { exposure: false })`,
 * `checkGate(name, user)` and `checkGate(name, user, { exposure: false })`
 * all work.
 */
import type { User } from '../eval/types.js';

/** Options of a single read. */
export interface EvaluationOptions {
  /** Evaluate for this user instead of the bound one. */
  user?: User;
  /** `false`: don't log an exposure for this read (e.g. a settings page that lists flags). */
  exposure?: boolean;
}

/**
 * An object whose only keys are `user` and/or `exposure` is read as options;
 * anything else is a user. (A user whose only attributes are named `user` or
 * `exposure` must be passed as `{ user }`.)
 */
function isOptions(value: object): value is EvaluationOptions {
  let found = false;
  for (const key in value) {
    if (key !== 'user' && key !== 'exposure') return false;
    found = true;
  }
  return found;
}

/** The user and exposure setting a read resolves to. */
export interface ResolvedArguments {
  user: User;
  exposure: boolean;
}

/** Resolves `(userOrOptions?, options?)` against the bound user, into `out` (reused to avoid allocation). */
export function resolveArguments(
  bound: User,
  userOrOptions: User | EvaluationOptions | undefined,
  options: EvaluationOptions | undefined,
  out: ResolvedArguments,
): ResolvedArguments {
  out.user = bound;
  out.exposure = true;
  // `typeof null` is 'object', so the null check is still needed; undefined fails the typeof.
  if (typeof userOrOptions === 'object' && userOrOptions !== null) {
    if (isOptions(userOrOptions)) applyOptions(userOrOptions, out);
    else out.user = userOrOptions as User;
  }
  if (typeof options === 'object' && options !== null) applyOptions(options, out);
  return out;
}

function applyOptions(options: EvaluationOptions, out: ResolvedArguments): void {
  if (typeof options.user === 'object' && options.user !== null) out.user = options.user;
  if (options.exposure === false) out.exposure = false;
}
