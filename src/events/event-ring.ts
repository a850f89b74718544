/**
 * The queue of events not yet put in a batch: a growable ring buffer, so
 * `push` and `shift` are O(1) and a full queue that drops its oldest event on
 * every push (sustained overload) allocates nothing.
 */

/** FIFO of items with O(1) push/shift and bulk take from the front. */
export class EventRing<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  /** Number of items held. */
  get length(): number {
    return this.count;
  }

  /** Appends at the back. */
  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    // Clear the slot so a dropped event can be garbage-collected.
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** Removes and returns up to `n` of the oldest items, oldest first. */
  take(n: number): T[] {
    const size = Math.min(n, this.count);
    const out = new Array<T>(size);
    for (let i = 0; i < size; i++) out[i] = this.shift() as T;
    return out;
  }

  /** The items oldest first, without removing them. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.items.length] as T;
    return out;
  }

  /** Removes everything. */
  clear(): void {
    this.items = new Array<T | undefined>(16);
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
