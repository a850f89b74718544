/** Shared pieces of the lean client's tests: a client on the source tests' URL that records what it reports. */
import type { SplitkitError } from '../../src/index.js';
import { createClient, type LeanClient, type LeanClientOptions } from '../../src/lean.js';
import type { SourceOptions } from '../../src/source/options.js';
import { URL_ } from '../source/helpers.js';

export {
  advance,
  createMemoryStorage,
  fakeTime,
  json,
  notModified,
  rulesetServer,
  rulesetWith,
  settle,
  settleUntil,
  URL_,
  type Reply,
} from '../source/helpers.js';

/** A lean client whose source is `URL_` (no cache unless given) and whose reports land in `errors`. */
export function leanClient(
  source: Partial<SourceOptions> = {},
  options: Partial<LeanClientOptions> = {},
): { client: LeanClient; errors: SplitkitError[] } {
  const errors: SplitkitError[] = [];
  const client = createClient({
    onError: (error) => errors.push(error),
    ...options,
    source: { url: URL_, cache: false, ...source },
  });
  return { client, errors };
}

/** A lean client without a source whose reports land in `errors`. */
export function staticClient(options: Partial<LeanClientOptions> = {}): {
  client: LeanClient;
  errors: SplitkitError[];
} {
  const errors: SplitkitError[] = [];
  const client = createClient({ onError: (error) => errors.push(error), ...options });
  return { client, errors };
}
