/**
 * Group commit for stores: appends that arrive while earlier ones are being
 * committed wait, and are then committed together, in one write or one
 * transaction. Each append still resolves only when its own group is
 * durable. Under load this turns many small commits (each an fsync) into few
 * large ones; alone, an append is committed at once.
 */
import type { SplitkitEvent } from '../events/types.js';

/** What an append resolves with. */
export interface Appended {
  stored: number;
  duplicates: number;
}

/** One append waiting for its group's commit; the commit settles it. */
export interface PendingAppend {
  events: readonly SplitkitEvent[];
  resolve(result: Appended): void;
  reject(error: unknown): void;
}

/** How groups are formed. */
export interface AppendGroupOptions {
  /** Groups committed at the same time (1: one after another, in order). */
  concurrency: number;
  /** Most events in one group; an append larger than this forms a group of its own. */
  maxGroupEvents: number;
}

/** Queues appends into groups. */
export interface AppendGroups {
  /** Queues `events`; resolves when the commit of its group settles it. */
  add(events: readonly SplitkitEvent[]): Promise<Appended>;
  /** Resolves once nothing is waiting or being committed. */
  idle(): Promise<void>;
}

/**
 * Creates a queue that hands `commit` groups of appends, in the order they
 * came. `commit` must settle every append of its group; should it throw, the
 * appends it left unsettled are rejected with its error.
 */
export function createAppendGroups(
  commit: (group: PendingAppend[]) => Promise<void>,
  { concurrency, maxGroupEvents }: AppendGroupOptions,
): AppendGroups {
  const waiting: PendingAppend[] = [];
  let running = 0;
  const onIdle: (() => void)[] = [];

  function take(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < waiting.length && (count === 0 || events + waiting[count]!.events.length <= maxGroupEvents)) {
      events += waiting[count]!.events.length;
      count++;
    }
    return waiting.splice(0, count);
  }

  function pump(): void {
    while (running < concurrency && waiting.length > 0) {
      const group = take();
      running++;
      commit(group)
        .catch((error: unknown) => {
          // A settled promise ignores a second settlement, so only the appends left open are rejected.
          for (const append of group) append.reject(error);
        })
        .finally(() => {
          running--;
          pump();
          if (running === 0 && waiting.length === 0) for (const resolve of onIdle.splice(0)) resolve();
        });
    }
  }

  return {
    add(events) {
      const result = new Promise<Appended>((resolve, reject) => waiting.push({ events, resolve, reject }));
      pump();
      return result;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => onIdle.push(resolve));
    },
  };
}
