/**
 * The compact metric syntax of `splitkit analyze --metric …`:
 *
 *   <key>:<kind>[:<option>]…
 *
 * - kind: `conversion`, `count`, `sum`, or `ratio`; for `ratio` the next part is
 *   `<numerator>/<denominator>`, each an event name (sum of its values) or
 *   `#event` (number of events), e.g. `revenue_per_session:ratio:purchase/#session_start`.
 * - options: `increase` / `decrease` (desired direction), `primary` / `secondary` /
 *   `guardrail` (role), `winsorize=<upper>` or `winsorize=<lower>,<upper>`
 *   (quantiles), `mde=<relative effect>`, `margin=<relative harm>` (a guardrail's
 *   non-inferiority margin), `event=<event name>` (when it differs from the key).
 * - options of the other kinds (src/analysis/kinds/definitions.ts): `q=<quantile>`
 *   (quantile), `steps=<event>><event>…` (funnel), `window=<n>m|h|d` (funnel,
 *   activeDays), `day=<n>` (retention), e.g. `latency:quantile:event=page_load:q=0.99`.
 */
import { ConfigError } from '../errors/index.js';
import { applySpecOption, checkSpecFields } from './kinds/definitions.js';
import type { MetricDefinition, MetricKind, MetricRole, RatioPart } from './metric-definition.js';

// Keyed by the types, so a kind or role added to them cannot be left out here (tsc names the missing key).
const KIND_SET: { [kind in MetricKind]: true } = {
  conversion: true,
  count: true,
  sum: true,
  ratio: true,
  quantile: true,
  funnel: true,
  activeDays: true,
  retention: true,
};
const ROLE_SET: { [role in MetricRole]: true } = { primary: true, secondary: true, guardrail: true };

/** Every metric kind, for the checks of metric specs and of analysis options. */
export const KINDS: readonly string[] = Object.keys(KIND_SET);
/** Every metric role, for the same checks. */
export const ROLES: readonly string[] = Object.keys(ROLE_SET);

/** `expected a, b or c` for the values a check accepts. */
export function expectedOneOf(values: readonly string[]): string {
  return `expected ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/**
 * Parses one metric spec; `role` applies unless the spec names one.
 * @throws `ConfigError` (code `INVALID_OPTIONS`) naming the spec and the problem.
 */
export function parseMetricSpec(spec: string, role: MetricRole = 'secondary'): MetricDefinition {
  const fail = (message: string): never => {
    throw new ConfigError([{ path: spec, message }], { code: 'INVALID_OPTIONS', subject: 'metric' });
  };
  const [key = '', kind = '', ...rest] = spec.split(':');
  if (key === '') fail('expected <key>:<kind>[:<option>…], e.g. purchase:conversion');
  if (!KINDS.includes(kind)) fail(`unknown kind "${kind}" (expected ${KINDS.join(', ')})`);
  const metric: MetricDefinition = { key, kind: kind as MetricKind, role };

  if (kind === 'ratio') {
    const [numerator, denominator, extra] = (rest.shift() ?? '').split('/');
    if (!numerator || !denominator || extra !== undefined)
      fail('a ratio needs <numerator>/<denominator>, e.g. purchase/#session');
    metric.numerator = ratioPart(numerator ?? '', fail);
    metric.denominator = ratioPart(denominator ?? '', fail);
  }

  for (const option of rest) {
    const [name = '', value] = splitOnce(option, '=');
    if (value === undefined && (name === 'increase' || name === 'decrease')) metric.direction = name;
    else if (value === undefined && ROLES.includes(name)) metric.role = name as MetricRole;
    else if (name === 'winsorize' && value !== undefined) metric.winsorize = winsorizeOption(value, fail);
    else if (name === 'mde' && value !== undefined) metric.minDetectableEffect = positiveNumber(value, 'mde', fail);
    else if (name === 'margin' && value !== undefined)
      metric.nonInferiorityMargin = positiveNumber(value, 'margin', fail);
    else if (name === 'event' && value) metric.event = value;
    else if (!applySpecOption(metric, name, value, fail)) fail(`unknown option "${option}"`);
  }
  checkSpecFields(metric, fail);
  return metric;
}

function ratioPart(text: string, fail: (message: string) => never): RatioPart {
  const count = text.startsWith('#');
  const event = count ? text.slice(1) : text;
  if (event === '') fail('a ratio part needs an event name');
  return count ? { event, aggregate: 'count' } : event;
}

function winsorizeOption(value: string, fail: (message: string) => never): { lower?: number; upper?: number } {
  const parts = value.split(',');
  const quantile = (text: string) => {
    const q = Number(text);
    if (text.trim() === '' || !(q >= 0 && q <= 1)) fail(`winsorize quantiles must be in [0, 1], got "${text}"`);
    return q;
  };
  if (parts.length === 1) return { upper: quantile(parts[0] ?? '') };
  if (parts.length === 2) return { lower: quantile(parts[0] ?? ''), upper: quantile(parts[1] ?? '') };
  return fail('winsorize takes <upper> or <lower>,<upper>');
}

function positiveNumber(text: string, name: string, fail: (message: string) => never): number {
  const n = Number(text);
  if (text.trim() === '' || !(Number.isFinite(n) && n > 0)) fail(`${name} must be a positive number, got "${text}"`);
  return n;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
