/** Deterministic simulated visitors, so the demo prints the same numbers on every machine. */
import { seededRandom } from 'splitkit/testing';

export { seededRandom };

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
