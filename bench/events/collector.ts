/**
 * Starts the loopback collector (collector-server.ts) in a child process and
 * talks to it over IPC. The child inherits this process's loader flags (tsx).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the collector received. */
export interface CollectorStats {
  requests: number;
  events: number;
  /** Distinct event ids among `events`. */
  distinct: number;
  bytes: number;
}

/** A running loopback collector. */
export interface LoopbackCollector {
  url: string;
  stats(): Promise<CollectorStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

function request<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

/** Starts the collector and resolves once it listens. */
export function startCollector(): Promise<LoopbackCollector> {
  const child = fork(fileURLToPath(new URL('./collector-server.ts', import.meta.url)), [], {
    // Profiling flags of the benchmark would profile the collector too.
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: { type: string; port: number }) => {
      resolve({
        url: `http://127.0.0.1:${message.port}/events`,
        stats: () => request<CollectorStats>(child, 'stats'),
        reset: async () => {
          await request(child, 'reset');
        },
        close: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.send({ type: 'close' });
          }),
      });
    });
  });
}
