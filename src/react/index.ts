/**
 * `splitkit/react`: a provider and hooks over a splitkit client, for client
 * rendering, server rendering and hydration. `react` is an optional peer
 * dependency (18 or 19).
 * @packageDocumentation
 */
export { SplitkitProvider } from './provider.js';
export type { SplitkitProviderProps } from './provider.js';
export { useGate, useExperiment, useParam } from './hooks.js';
export { useSplitkit } from './context.js';
