/**
 * Hooks that read one gate, experiment or parameter for the provider's user.
 *
 * Rendering reads without logging an exposure: a server render, a render
 * React throws away, or StrictMode's second render must not count. The
 * exposure is logged in an effect, which runs only in the browser and only
 * for what was committed to the screen, and again while it stays there each
 * time the client changes (a login, a ruleset update) and the value shown is
 * still the answer: the exposure may be due anew (another user, another rule)
 * though nothing re-renders. StrictMode's doubled effect, and a change that
 * leaves the exposure as it was, are absorbed by the client's exposure dedupe
 * (once per unit and result).
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { SplitkitClient } from '../client/client.js';
import type { ExperimentResult } from '../client/experiment-result.js';
import type { ExperimentName, GateName, ParamName, ParamRead, ParamValue } from '../client/flag-types.js';
import type { Json } from '../ruleset/types.js';
import { useReadClient } from './context.js';
import { subscriberFor } from './subscribe.js';
import { stoppedClients } from './stopped-clients.js';
import { serverUsers } from './server-users.js';
import type { UserArg } from '../client/reader.js';
import { quietly } from '../io/quietly.js';

const QUIET = { exposure: false } as const;

/** Whether the gate passes for the provider's user; re-renders when that answer changes. */
export function useGate(name: GateName): boolean {
  const client = useReadClient('useGate', name);
  return useValue(client, name, (user, options) => client.checkGate(name, user, options));
}

/** The provider's user's variant of an experiment (`variant` null when not in it), with its typed `get`. */
export function useExperiment<N extends ExperimentName>(name: N): ExperimentResult<N> {
  const client = useReadClient('useExperiment', name);
  return useValue(client, name, (user, options) => client.getExperiment(name, user, options));
}

/** A dynamic parameter for the provider's user; `fallback` is served (and typed) when it is missing or of another type. */
export function useParam<N extends ParamName, T extends Json = Json>(
  name: N,
  fallback: ParamValue<N, T>,
): ParamRead<N, T> {
  const client = useReadClient('useParam', name);
  return useValue(client, name, (user, options) => client.getParam(name, fallback, user, options));
}

/**
 * What `read` (one read of the client, quiet or logging the exposure) gives the provider's user, as React's
 * external store, and its exposure logged while the value is shown. While React hydrates (and on the server)
 * it reads for the user the provider's client was given, before the browser's device identity completed it:
 * the user the server rendered with.
 */
function useValue<T>(client: SplitkitClient, name: string, read: (user: UserArg, options?: typeof QUIET) => T): T {
  const keep = useSameJson<T>();
  const snapshot = () => keep(read(undefined, QUIET));
  const user = serverUsers.get(client);
  const value = useSyncExternalStore(subscriberFor(client), snapshot, user ? () => keep(read(user, QUIET)) : snapshot);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the value shown changes, which is when an exposure is due; `read` is new every render (a parameter's fallback literal too).
  useEffect(
    () =>
      exposeWhileShown(
        client,
        () => snapshot() === value,
        () => read(undefined),
      ),
    [client, name, value],
  );
  return value;
}

/**
 * Logs the exposure (`expose`: the read with exposure on) now, and again after each change of the client (a
 * login, a ruleset update) while `shown()` says the value on screen is still the answer: the new user, or the
 * rule now serving it, is due an exposure though the component does not re-render to say so. A value the
 * change replaced is logged by the effect of the render that shows it, if React commits it. Deferred to a
 * microtask, so it runs once the notification has reached every listener (React's own store subscriptions, and
 * an app's listener that may change the client again) rather than in the middle of it. Returns the effect's
 * cleanup.
 */
function exposeWhileShown(
  client: SplitkitClient,
  shown: () => boolean,
  expose: () => unknown,
): (() => void) | undefined {
  if (stoppedClients.has(client)) return;
  if (shown()) expose();
  let live = true;
  const stop = subscriberFor(client)(() =>
    queueMicrotask(() => live && !stoppedClients.has(client) && shown() && expose()),
  );
  return () => {
    live = false;
    stop();
  };
}

/**
 * A function that returns the value it was given, or the one it returned last while the new one is the same
 * JSON. A ruleset update builds new experiment results and parameter objects even for what it left alone, and
 * an override to a variant the ruleset lacks builds a new result on every read: React would re-render for each
 * new object (and loop on the override, whose snapshot never settles), though what the component shows did not
 * change. A value JSON cannot write (a cyclic fallback, a BigInt in a trusted ruleset) is compared by identity.
 */
function useSameJson<T>(): (value: T) => T {
  const last = useRef<{ value: T; json?: string }>(undefined);
  return (value) => {
    const kept = last.current;
    if (kept?.value === value) return value;
    const json = typeof value === 'object' && value !== null ? jsonOf(value) : undefined;
    if (kept !== undefined && json !== undefined && (kept.json ??= jsonOf(kept.value)) === json) return kept.value;
    last.current = { value, json };
    return value;
  };
}

/** The JSON text of `value`, or undefined when JSON cannot write it (a cycle, a BigInt, a throwing toJSON or Proxy). */
const jsonOf = (value: unknown): string | undefined => quietly(() => JSON.stringify(value));
