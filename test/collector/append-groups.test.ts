/** Group commit: appends that wait while a group commits form the next group, in order. */
import { describe, expect, it } from 'vitest';
import { createAppendGroups } from '../../src/collector/append-groups.js';
import type { PendingAppend } from '../../src/collector/append-groups.js';
import { customEvents } from './support/events.js';

/** A commit a test releases by hand; it records each group's sizes (events per append). */
function heldCommits(): {
  groups: number[][];
  release(index: number, outcome?: 'resolve' | 'throw'): void;
  commit(group: PendingAppend[]): Promise<void>;
} {
  const releases: ((outcome: 'resolve' | 'throw') => void)[] = [];
  const groups: number[][] = [];
  return {
    groups,
    release: (index, outcome = 'resolve') => releases[index]!(outcome),
    commit(group) {
      groups.push(group.map((append) => append.events.length));
      return new Promise<void>((resolve, reject) => {
        releases.push((outcome) => {
          if (outcome === 'throw') {
            // Settles the first append only, then fails: the others must be rejected for it.
            group[0]!.resolve({ stored: group[0]!.events.length, duplicates: 0 });
            reject(new Error('disk gone'));
            return;
          }
          for (const append of group) append.resolve({ stored: append.events.length, duplicates: 0 });
          resolve();
        });
      });
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('append groups', () => {
  it('commits what waited during a commit as one group, in order, up to the event limit', async () => {
    const held = heldCommits();
    const groups = createAppendGroups(held.commit, { concurrency: 1, maxGroupEvents: 10 });
    const results = [1, 4, 5, 3, 20].map((size) => groups.add(customEvents(size)));
    await tick();
    held.release(0);
    await tick();
    held.release(1);
    await tick();
    held.release(2);
    await tick();
    held.release(3);
    await Promise.all(results);
    // The first goes alone; 4 + 5 fit in 10; 3 + 20 do not; 20 alone exceeds the limit and still goes.
    expect(held.groups).toEqual([[1], [4, 5], [3], [20]]);
  });

  it('runs up to `concurrency` groups at once', async () => {
    const held = heldCommits();
    const groups = createAppendGroups(held.commit, { concurrency: 2, maxGroupEvents: 100 });
    const results = [1, 2, 3, 4].map((size) => groups.add(customEvents(size)));
    await tick();
    expect(held.groups).toEqual([[1], [2]]);
    held.release(1);
    await tick();
    expect(held.groups).toEqual([[1], [2], [3, 4]]);
    held.release(0);
    held.release(2);
    await Promise.all(results);
  });

  it('rejects the appends a failing commit left open, and goes on with the next group', async () => {
    const held = heldCommits();
    const groups = createAppendGroups(held.commit, { concurrency: 1, maxGroupEvents: 100 });
    const first = groups.add(customEvents(1));
    await tick();
    const [second, third] = [groups.add(customEvents(2)), groups.add(customEvents(3))];
    held.release(0);
    await tick();
    held.release(1, 'throw');
    expect(await second).toEqual({ stored: 2, duplicates: 0 });
    await expect(third).rejects.toThrow('disk gone');
    expect(await first).toEqual({ stored: 1, duplicates: 0 });
    const fourth = groups.add(customEvents(4));
    let idle = false;
    const waiting = groups.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    held.release(2);
    expect(await fourth).toEqual({ stored: 4, duplicates: 0 });
    await waiting;
    expect(held.groups).toEqual([[1], [2, 3], [4]]);
  });
});
