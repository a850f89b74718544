/** Deterministic simulated visitors, so the demo prints the same numbers on every machine. */

/** A small seeded PRNG (mulberry32): the demo must not depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4-shaped id drawn from `random`, standing in for the id a browser would generate. */
export function deviceId(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'BR', 'IN', 'JP'];

/** `count` logged-out visitors: a device id and a country each. */
export function visitors(count: number, seed = 2700): { deviceID: string; country: string }[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    deviceID: deviceId(random),
    country: COUNTRIES[Math.floor(random() * COUNTRIES.length)] ?? 'US',
  }));
}
