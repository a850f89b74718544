/**
 * The population every benchmark evaluates: distinct users with UUID-shaped
 * ids (what real apps hash) and a country, about half of them in the US or
 * Canada. Built once, before any timing, from a fixed seed so every run and
 * every SDK sees exactly the same users.
 */
import { seededRandom } from '../src/testing/seeded-random.js';

/** One user as splitkit and GrowthBook take it (a type alias, so it is assignable to attribute maps). */
export type BenchUser = {
  userID: string;
  country: string;
};

/** Countries with their share of users; US + CA make up half. */
const COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 0.3],
  ['CA', 0.2],
  ['GB', 0.1],
  ['DE', 0.1],
  ['FR', 0.08],
  ['BR', 0.08],
  ['IN', 0.08],
  ['JP', 0.06],
];

/** Countries targeted by the benchmark gate. */
export const TARGET_COUNTRIES: readonly string[] = ['US', 'CA'];

function uuidLike(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function pickCountry(random: () => number): string {
  let r = random();
  for (const [country, share] of COUNTRIES) {
    if (r < share) return country;
    r -= share;
  }
  return COUNTRIES[COUNTRIES.length - 1]![0];
}

/** `count` distinct users, the same for the same `seed`. */
export function makeUsers(count: number, seed = 20_240_601): BenchUser[] {
  const random = seededRandom(seed);
  const users: BenchUser[] = [];
  const seen = new Set<string>();
  while (users.length < count) {
    const userID = uuidLike(random);
    if (seen.has(userID)) continue;
    seen.add(userID);
    users.push({ userID, country: pickCountry(random) });
  }
  return users;
}
