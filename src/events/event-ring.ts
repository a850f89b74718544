/**
 * The queue of events not yet put in a batch: a growable ring buffer, so
 * `push` and `shift` are O(1) and a full queue that drops its oldest event on
 * every push (sustained overload) allocates nothing.
 */

/** FIFO of items with O(1) push/shift and bulk take from the front. */
export interface EventRing<T> {
  /** Number of items held. */
  readonly length: number;
  /** Appends at the back. */
  push(item: T): void;
  /** Removes and returns the oldest item. */
  shift(): T | undefined;
  /** Removes and returns up to `n` of the oldest items, oldest first. */
  _takeUpTo(n: number): T[];
  /** The items oldest first, without removing them. */
  _copyAll(): T[];
  /** Removes everything. */
  clear(): void;
}

/** Creates an empty ring. */
export function createEventRing<T>(): EventRing<T> {
  let items: (T | undefined)[];
  let head: number;
  let count: number;
  const clear = (): void => {
    items = new Array<T | undefined>(16);
    head = count = 0;
  };
  const copyAll = (): T[] => Array.from({ length: count }, (_, i) => items[(head + i) % items.length] as T);
  const shift = (): T | undefined => {
    if (count === 0) return undefined;
    const item = items[head];
    // Clear the slot so a dropped event can be garbage-collected.
    items[head] = undefined;
    head = (head + 1) % items.length;
    count--;
    return item;
  };
  clear();
  return {
    get length() {
      return count;
    },
    push(item) {
      if (count === items.length) {
        // Full: unroll oldest first into an array of twice the room.
        items = copyAll();
        items.length = count * 2;
        head = 0;
      }
      items[(head + count++) % items.length] = item;
    },
    shift,
    _takeUpTo(n) {
      // A plain loop: Array.from over an array-like with a callback took several times as long, once a batch.
      const taken: T[] = [];
      while (taken.length < n && count) taken.push(shift() as T);
      return taken;
    },
    _copyAll: copyAll,
    clear,
  };
}
