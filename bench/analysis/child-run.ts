/**
 * One analysis run in a child process of its own (bench/analysis/child.ts), so that its peak RSS and CPU
 * time are its alone; and the machine's load, which the benches print beside their numbers.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';

/** Runs bench/analysis/child.ts on `engine` over `location` with `env` added; returns the JSON line it prints last. */
export function runChild<T>(engine: string, location: string, env: { [name: string]: string } = {}): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/analysis/child.ts', engine, location], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192', ...env },
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;
}

/** The 1, 5 and 15 minute load averages, as the benches print them. */
export const loadAverages = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
