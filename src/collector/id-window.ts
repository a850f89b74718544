/**
 * The NDJSON store's deduplication window: the digests of the last
 * `capacity` stored ids, in bounded memory. Ids are kept in generations of
 * `capacity / GENERATIONS` digests each, newest first; when the newest is
 * full a new one starts, and the oldest is dropped once the full ones alone
 * cover `capacity`. So the window always holds at least the last `capacity`
 * ids and at most `capacity · (1 + 1/GENERATIONS)`, in open-addressing
 * tables of 8-byte slots that are never more than 3/4 full.
 */
import { digestId } from './id-digest.js';
import type { IdDigest } from './id-digest.js';

/** Generations a full window is split into. */
export const GENERATIONS = 4;

const MAX_LOAD = 0.75;
const FIRST_SLOTS = 1024;

/** One generation: an insert-only table of digests (linear probing; a `(0, 0)` slot is empty). */
class Generation {
  slots: Uint32Array;
  count = 0;

  constructor(slots: number) {
    this.slots = new Uint32Array(slots * 2);
  }

  /** The slot index holding `digest`, or the empty slot where it would go. */
  private find(slots: Uint32Array, digest: IdDigest): number {
    const mask = slots.length / 2 - 1;
    let index = digest.low & mask;
    for (;;) {
      const high = slots[index * 2]!;
      const low = slots[index * 2 + 1]!;
      if ((high === digest.high && low === digest.low) || (high === 0 && low === 0)) return index;
      index = (index + 1) & mask;
    }
  }

  has(digest: IdDigest): boolean {
    const index = this.find(this.slots, digest);
    return this.slots[index * 2 + 1] !== 0 || this.slots[index * 2] !== 0;
  }

  /** Adds `digest`; false when it was there already. */
  add(digest: IdDigest): boolean {
    if ((this.count + 1) / (this.slots.length / 2) > MAX_LOAD) this.grow();
    const index = this.find(this.slots, digest);
    if (this.slots[index * 2 + 1] !== 0 || this.slots[index * 2] !== 0) return false;
    this.slots[index * 2] = digest.high;
    this.slots[index * 2 + 1] = digest.low;
    this.count++;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    const digest: IdDigest = { high: 0, low: 0 };
    for (let i = 0; i < old.length; i += 2) {
      digest.high = old[i]!;
      digest.low = old[i + 1]!;
      if (digest.high === 0 && digest.low === 0) continue;
      const index = this.find(this.slots, digest);
      this.slots[index * 2] = digest.high;
      this.slots[index * 2 + 1] = digest.low;
    }
  }
}

/** Ids seen recently, in bounded memory. */
export interface IdWindow {
  /** True when `id` is among the ids the window holds. */
  has(id: string): boolean;
  /** Records a newly stored id (the newest). */
  add(id: string): void;
  /**
   * Records an id stored before every id recorded so far (loading the window
   * from the end of a log backwards); false once the window is full, when
   * older ids no longer belong in it.
   */
  addOlder(id: string): boolean;
  /** Ids held now (at most `capacity · (1 + 1/GENERATIONS)`). */
  readonly size: number;
  /** Bytes of the tables holding them. */
  readonly bytes: number;
}

/** A window that holds at least the last `capacity` ids added (an integer >= 1). */
export function createIdWindow(capacity: number): IdWindow {
  const perGeneration = Math.ceil(capacity / GENERATIONS);
  // Newest first. Tables start small and double, so a small log holds little memory.
  const generations: Generation[] = [];
  const digest: IdDigest = { high: 0, low: 0 };
  const fresh = (): Generation => new Generation(FIRST_SLOTS);
  let olderDone = false;

  return {
    has(id) {
      digestId(id, digest);
      for (const generation of generations) if (generation.has(digest)) return true;
      return false;
    },
    add(id) {
      let newest = generations[0];
      if (newest === undefined || newest.count >= perGeneration) {
        newest = fresh();
        generations.unshift(newest);
        if (generations.length > GENERATIONS + 1) generations.pop();
      }
      newest.add(digestId(id, digest));
    },
    addOlder(id) {
      if (olderDone) return false;
      let oldest = generations[generations.length - 1];
      if (oldest === undefined || oldest.count >= perGeneration) {
        if (generations.length >= GENERATIONS) {
          olderDone = true;
          return false;
        }
        oldest = fresh();
        generations.push(oldest);
      }
      oldest.add(digestId(id, digest));
      return true;
    },
    get size() {
      return generations.reduce((sum, generation) => sum + generation.count, 0);
    },
    get bytes() {
      return generations.reduce((sum, generation) => sum + generation.slots.byteLength, 0);
    },
  };
}
