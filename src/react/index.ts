/**
 * `splitkit/react`: a provider and hooks over a splitkit client, for client
 * rendering, server rendering and hydration. `react` is an optional peer
 * dependency (18 or 19).
 * @packageDocumentation
 */
// React Server Components (Next.js App Router): a server component imports this entry as client references, so
// a server layout can render `<SplitkitProvider options={{ bootstrap, user }}>` (its props are JSON).
'use client';

export { SplitkitProvider } from './provider.js';
export type { SplitkitProviderProps } from './provider.js';
export { useGate, useExperiment, useParam } from './hooks.js';
export { useSplitkit } from './context.js';
export { useSplitkitStatus } from './status.js';
export type { SplitkitStatus } from './status.js';
