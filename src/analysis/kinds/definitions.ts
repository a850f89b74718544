/**
 * The fields of the quantile, funnel, active-day and retention metric kinds:
 * their spec options (`q=`, `steps=`, `window=`, `day=`), the checks of the
 * same fields in code, and the defaults (docs/analysis.md, "Metric kinds").
 */
import type { MetricDefinition, MetricKind, ResolvedMetric } from '../metric-definition.js';

/** One day in ms: active days and retention count days from exposure in these steps. */
export const DAY_MS = 86_400_000;

/** Default window of active-day metrics: 7 days. */
export const DEFAULT_ACTIVE_DAYS_WINDOW = 7 * DAY_MS;

/** The kinds this module adds to conversion, count, sum and ratio. */
export type ExtraKind = 'quantile' | 'funnel' | 'activeDays' | 'retention';

const EXTRA: ReadonlySet<MetricKind> = new Set<MetricKind>(['quantile', 'funnel', 'activeDays', 'retention']);

/** Whether a metric is of one of the kinds this module computes. */
export function isExtraKind(kind: MetricKind): kind is ExtraKind {
  return EXTRA.has(kind);
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY_MS };

/** `7d`, `12h`, `30m` to ms; undefined when the text is not a positive integer and one of those units. */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]*)([mhd])$/.exec(text);
  if (match === null) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * Applies one spec option of the added kinds (`q=`, `steps=`, `window=`,
 * `day=`) to `metric`; false when the option is not one of them.
 */
export function applySpecOption(
  metric: MetricDefinition,
  name: string,
  value: string | undefined,
  fail: (message: string) => never,
): boolean {
  if (value === undefined) return false;
  if (name === 'q') {
    const q = Number(value);
    if (value.trim() === '' || !(q > 0 && q < 1))
      fail(`q must be a number between 0 and 1 (exclusive), got "${value}"`);
    metric.quantile = q;
  } else if (name === 'steps') {
    const steps = value.split('>');
    if (steps.length < 2 || steps.some((s) => s === ''))
      fail(`steps must be two or more event names joined by ">", got "${value}"`);
    metric.steps = steps;
  } else if (name === 'window') {
    const ms = parseDuration(value);
    if (ms === undefined) fail(`window must be a positive whole number of m, h or d (e.g. 7d), got "${value}"`);
    metric.window = ms;
  } else if (name === 'day') {
    const day = Number(value);
    if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(day) || day < 1)
      fail(`day must be a whole number of 1 or more, got "${value}"`);
    metric.day = day;
  } else {
    return false;
  }
  return true;
}

/**
 * Checks the kind-specific fields of `m` (present where they belong, absent
 * elsewhere, valid) and returns them resolved, with the active-day window's default.
 */
export function resolveKindFields(
  m: MetricDefinition,
  path: string,
  fail: (path: string, message: string) => void,
): Pick<ResolvedMetric, 'quantile' | 'steps' | 'window' | 'day'> {
  const kind = m?.kind;
  const out: Pick<ResolvedMetric, 'quantile' | 'steps' | 'window' | 'day'> = {};
  const only = (field: 'quantile' | 'steps' | 'window' | 'day', kinds: string) => {
    if (m?.[field] !== undefined) fail(`${path}.${field}`, `only ${kinds} metrics have a ${field}`);
  };
  if (kind === 'quantile') {
    const q = m.quantile;
    if (!(typeof q === 'number' && q > 0 && q < 1))
      fail(`${path}.quantile`, 'expected a number between 0 and 1 (exclusive), e.g. 0.99');
    else out.quantile = q;
  } else only('quantile', 'quantile');

  if (kind === 'funnel') {
    const steps: unknown = m.steps;
    if (!Array.isArray(steps) || steps.length < 2) fail(`${path}.steps`, 'expected two or more event names');
    else {
      steps.forEach((s, i) => {
        if (!(typeof s === 'string' && s !== '')) fail(`${path}.steps[${i}]`, 'expected a non-empty event name');
      });
      out.steps = [...(steps as string[])];
    }
    if (m.event !== undefined) fail(`${path}.event`, 'a funnel reads its steps; give the events in steps');
  } else only('steps', 'funnel');

  if (kind === 'funnel' || kind === 'activeDays') {
    const w = m.window;
    if (w !== undefined && !(typeof w === 'number' && Number.isSafeInteger(w) && w > 0))
      fail(`${path}.window`, 'expected a positive whole number of milliseconds');
    else if (kind === 'activeDays' && w !== undefined && w % DAY_MS !== 0)
      fail(`${path}.window`, `expected a whole number of days (${DAY_MS} ms each)`);
    else if (w !== undefined) out.window = w;
    if (kind === 'activeDays' && out.window === undefined && w === undefined) out.window = DEFAULT_ACTIVE_DAYS_WINDOW;
  } else only('window', 'funnel and activeDays');

  if (kind === 'retention') {
    const d = m.day;
    if (!(typeof d === 'number' && Number.isSafeInteger(d) && d >= 1))
      fail(`${path}.day`, 'expected a whole number of 1 or more');
    else out.day = d;
  } else only('day', 'retention');
  return out;
}

/** After parsing a spec: the options a kind requires are there. */
export function checkSpecFields(metric: MetricDefinition, fail: (message: string) => never): void {
  const kind = metric.kind;
  if (kind === 'quantile' && metric.quantile === undefined) fail('a quantile metric needs q=<quantile>, e.g. q=0.99');
  if (kind === 'funnel' && metric.steps === undefined)
    fail('a funnel needs steps=<event>><event>…, e.g. steps=view>purchase');
  if (kind === 'retention' && metric.day === undefined) fail('a retention metric needs day=<n>, e.g. day=7');
  const misplaced = (field: 'quantile' | 'steps' | 'window' | 'day', option: string, kinds: string) => {
    if (metric[field] !== undefined) fail(`${option}= applies to ${kinds} metrics only`);
  };
  if (kind !== 'quantile') misplaced('quantile', 'q', 'quantile');
  if (kind !== 'funnel') misplaced('steps', 'steps', 'funnel');
  if (kind !== 'funnel' && kind !== 'activeDays') misplaced('window', 'window', 'funnel and activeDays');
  if (kind !== 'retention') misplaced('day', 'day', 'retention');
  if (kind === 'activeDays' && metric.window !== undefined && metric.window % DAY_MS !== 0)
    fail('the window of an activeDays metric must be whole days, e.g. window=7d');
  if (kind === 'funnel' && metric.event !== undefined) fail('a funnel reads its steps; leave out event=');
}
