/**
 * Hooks that read one gate, experiment or parameter for the provider's user.
 *
 * Rendering reads without logging an exposure: a server render, a render
 * React throws away, or StrictMode's second render must not count. The
 * exposure is logged in an effect, which runs only in the browser and only
 * for what was committed to the screen; StrictMode's doubled effect is
 * absorbed by the client's exposure dedupe (once per unit and name).
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { ExperimentResult } from '../client/experiment-result.js';
import type { ExperimentName, GateName, ParamName, ParamValue } from '../client/flag-types.js';
import type { Json } from '../ruleset/types.js';
import { useSplitkit } from './context.js';
import { subscriberFor } from './subscribe.js';

const QUIET = { exposure: false } as const;

/** Whether the gate passes for the provider's user; re-renders when that answer changes. */
export function useGate(name: GateName): boolean {
  const client = useSplitkit();
  const read = () => client.checkGate(name, undefined, QUIET);
  const value = useSyncExternalStore(subscriberFor(client), read, read);
  const user = useBoundUser();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the value shown or the bound user changes, which is when an exposure is due.
  useEffect(() => void client.checkGate(name), [client, name, value, user]);
  return value;
}

/** The provider's user's variant of an experiment (`variant` null when not in it), with its typed `get`. */
export function useExperiment<N extends ExperimentName>(name: N): ExperimentResult<N> {
  const client = useSplitkit();
  // Results are cached per variant and reason, so an unchanged answer is the same object and renders nothing.
  const read = () => client.getExperiment(name, undefined, QUIET);
  const result = useSyncExternalStore(subscriberFor(client), read, read);
  const user = useBoundUser();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the value shown or the bound user changes, which is when an exposure is due.
  useEffect(() => void client.getExperiment(name), [client, name, result, user]);
  return result;
}

/** A dynamic parameter for the provider's user; `fallback` is served (and typed) when it is missing or of another type. */
export function useParam<N extends ParamName, T extends Json = Json>(
  name: N,
  fallback: ParamValue<N, T>,
): ParamValue<N, T> {
  const client = useSplitkit();
  const read = () => client.getParam(name, fallback, undefined, QUIET);
  const value = useSyncExternalStore(subscriberFor(client), read, read);
  const user = useBoundUser();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the value shown or the bound user changes, which is when an exposure is due; a fallback literal is new every render.
  useEffect(() => void client.getParam(name, fallback), [client, name, value, user]);
  return value;
}

/** The bound user object: a new one after `setUser`, so effects log the exposure of a user who just logged in. */
function useBoundUser(): unknown {
  const client = useSplitkit();
  const read = () => client.getUser();
  return useSyncExternalStore(subscriberFor(client), read, read);
}
