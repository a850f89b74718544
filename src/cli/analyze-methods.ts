/**
 * The `--cuped[=<duration>]` and `--sequential` flags of `splitkit analyze`.
 * `--cuped` alone takes the default lookback; node's parseArgs cannot give a
 * string flag an optional value, so a bare `--cuped` is rewritten first.
 */
import type { StoreAnalysisOptions } from '../analysis/from-store.js';
import { parseDuration as durationMs } from '../analysis/kinds/definitions.js';

/** The arguments with a bare `--cuped` turned into `--cuped=` (the default lookback). */
export function expandCupedFlag(args: readonly string[]): string[] {
  return args.map((arg) => (arg === '--cuped' ? '--cuped=' : arg));
}

/** A duration `<n>m`, `<n>h` or `<n>d` (n a positive integer) in ms; throws naming `flag` otherwise. */
export function parseDuration(text: string, flag: string): number {
  const ms = durationMs(text);
  if (ms === undefined) {
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
