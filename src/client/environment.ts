/** The one place that looks at the host to tell a browser page from a server. */
export type Environment = 'browser' | 'server';

/** `browser` when the host has a window and a document, else `server`. */
export function detectEnvironment(): Environment {
  return typeof window !== 'undefined' && typeof document !== 'undefined' ? 'browser' : 'server';
}
