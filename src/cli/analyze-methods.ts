/**
 * The `--cuped[=<duration>]` and `--sequential` flags of `splitkit analyze`.
 * `--cuped` alone takes the default lookback; node's parseArgs cannot give a
 * string flag an optional value, so a bare `--cuped` is rewritten first.
 */
import type { StoreAnalysisOptions } from '../analysis/from-store.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The arguments with a bare `--cuped` turned into `--cuped=` (the default lookback). */
export function expandCupedFlag(args: readonly string[]): string[] {
  return args.map((arg) => (arg === '--cuped' ? '--cuped=' : arg));
}

/** A duration `<n>m`, `<n>h` or `<n>d` (n a positive integer) in ms. */
export function parseDuration(text: string, flag: string): number {
  const match = /^([1-9]\d*)([mhd])$/.exec(text);
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
  const ms = match?.[1] === undefined || unit === undefined ? Number.NaN : Number(match[1]) * unit;
  if (!Number.isSafeInteger(ms)) {
    throw new Error(
      `${flag} expects a duration like 14d, 36h or 90m (a positive whole number and m, h or d), got "${text}"`,
    );
  }
  return ms;
}

/** Sets `cuped` and `sequential` on `options` from the flags. */
export function applyMethodFlags(
  values: { cuped?: string | undefined; sequential?: boolean | undefined },
  options: StoreAnalysisOptions,
): void {
  if (values.cuped !== undefined)
    options.cuped = values.cuped === '' ? true : { lookback: parseDuration(values.cuped, '--cuped') };
  if (values.sequential === true) options.sequential = true;
}
