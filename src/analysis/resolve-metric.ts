/**
 * One metric definition of the analysis options, checked and with every
 * default filled. Its problems join those of the other options, so one
 * `ConfigError` lists them all.
 */
import type { MetricDefinition, RatioPart, ResolvedMetric } from './metric-definition.js';
import { expectedOneOf, KINDS, ROLES } from './metric-spec.js';
import { resolveKindFields } from './kinds/definitions.js';

const DIRECTIONS = new Set(['increase', 'decrease']);

/** `m` checked (problems go to `fail`, under `path`) and with its defaults; `keys` collects the keys seen. */
export function resolveMetric(
  m: MetricDefinition,
  path: string,
  keys: Set<string>,
  fail: (path: string, message: string) => void,
): ResolvedMetric {
  if (!nonEmpty(m?.key)) fail(`${path}.key`, 'expected a non-empty string');
  else if (keys.has(m.key)) fail(`${path}.key`, `duplicate metric "${m.key}"`);
  else keys.add(m.key);
  if (!KINDS.includes(m?.kind)) fail(`${path}.kind`, expectedOneOf(KINDS));
  if (m?.role !== undefined && !ROLES.includes(m.role)) fail(`${path}.role`, expectedOneOf(ROLES));
  if (m?.direction !== undefined && !DIRECTIONS.has(m.direction))
    fail(`${path}.direction`, 'expected increase or decrease');
  if (m?.event !== undefined && !nonEmpty(m.event)) fail(`${path}.event`, 'expected a non-empty string');

  const mde = m?.minDetectableEffect ?? 0.05;
  if (!(typeof mde === 'number' && Number.isFinite(mde) && mde > 0))
    fail(`${path}.minDetectableEffect`, 'expected a positive number');

  const margin = m?.nonInferiorityMargin;
  if (margin !== undefined) {
    if (m.role !== 'guardrail')
      fail(`${path}.nonInferiorityMargin`, 'only guardrail metrics have a non-inferiority margin');
    if (!(typeof margin === 'number' && Number.isFinite(margin) && margin > 0))
      fail(`${path}.nonInferiorityMargin`, 'expected a positive number');
  }

  const w = m?.winsorize;
  if (w !== undefined) {
    if (m.kind !== 'count' && m.kind !== 'sum')
      fail(`${path}.winsorize`, 'only count and sum metrics can be winsorized');
    if (typeof w !== 'object' || w === null) fail(`${path}.winsorize`, 'expected { lower?, upper? }');
    const bad = (q: unknown) => q !== undefined && !(typeof q === 'number' && q >= 0 && q <= 1);
    if (bad(w?.lower)) fail(`${path}.winsorize.lower`, 'expected a quantile in [0, 1]');
    if (bad(w?.upper)) fail(`${path}.winsorize.upper`, 'expected a quantile in [0, 1]');
    if (w?.lower !== undefined && w?.upper !== undefined && w.lower > w.upper)
      fail(`${path}.winsorize`, 'lower is above upper');
  }

  const numerator = m?.kind === 'ratio' ? resolvePart(m.numerator, `${path}.numerator`, fail) : undefined;
  const denominator = m?.kind === 'ratio' ? resolvePart(m.denominator, `${path}.denominator`, fail) : undefined;
  if (m?.kind !== 'ratio' && (m?.numerator !== undefined || m?.denominator !== undefined)) {
    fail(`${path}.numerator`, 'only ratio metrics have a numerator and denominator');
  }

  const kindFields = resolveKindFields(m, path, fail);
  return {
    ...kindFields,
    key: m?.key,
    kind: m?.kind,
    role: m?.role ?? 'secondary',
    direction: m?.direction ?? 'increase',
    event: numerator?.event ?? kindFields.steps?.[0] ?? m?.event ?? m?.key,
    // No bound (`{}`) clips nothing: the same as no winsorization, in every engine and the report.
    winsorize: w?.lower === undefined && w?.upper === undefined ? undefined : { ...w },
    numerator,
    denominator,
    minDetectableEffect: mde,
    nonInferiorityMargin: margin,
  };
}

function resolvePart(
  part: RatioPart | undefined,
  path: string,
  fail: (path: string, message: string) => void,
): { event: string; aggregate: 'sum' | 'count' } | undefined {
  if (typeof part === 'string' && part !== '') return { event: part, aggregate: 'sum' };
  if (typeof part === 'object' && part !== null && nonEmpty(part.event)) {
    const aggregate = part.aggregate ?? 'sum';
    if (aggregate === 'sum' || aggregate === 'count') return { event: part.event, aggregate };
    fail(`${path}.aggregate`, 'expected sum or count');
    return undefined;
  }
  fail(path, 'expected an event name or { event, aggregate }');
  return undefined;
}

/** True for a string with at least one character. */
export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
