/** The one place that looks at the host to tell a browser page from a server. */
export type Environment = 'browser' | 'server';

export function detectEnvironment(): Environment {
  return typeof window !== 'undefined' && typeof document !== 'undefined' ? 'browser' : 'server';
}
