/**
 * Internal property names the browser-facing build shortens (esbuild
 * `mangleProps`), the way Preact ships its internals. Property names survive
 * minification, so on a small SDK the names of compiled-ruleset fields and
 * private client members are a measurable share of the gzip size.
 *
 * A name belongs here only when it is never part of a contract: not in the
 * public types (options, results, events, the ruleset), not read from JSON,
 * storage or the wire, not a property of any platform object, and never used
 * as a string (`obj['name']`, `'name' in obj`). test/build/internal-props.test.ts
 * checks all of that, and that code bundled with the list behaves exactly as
 * the source does. A name missing from the list only costs bytes; a wrong one
 * would break the package, hence the checks.
 */

/** Grouped by where they live; each group sorted. */
export const INTERNAL_PROPS: readonly string[] = [
  // The compiled ruleset (src/eval/compiled.ts): entities, rules, holdouts and bucket windows, with
  // field names kept apart from the ruleset's own, and the maps the evaluator looks entities up in.
  'bucketLimit', 'bucketWindows', 'compiledRules', 'coveringHoldouts', 'endBucket', 'endMs', 'entityEnabled',
  'experimentsByName', 'forcedVariants', 'gatesByName', 'hashPrefix', 'inconsistency', 'isStopped', 'paramsByName', 'rejection',
  'scheduled', 'scratchRecord', 'segmentsByName', 'servedByDefault', 'servedValue', 'servedVariants', 'shippedIndex', 'slotLayer', 'startBucket',
  'startMs', 'targetingTests', 'unitName', 'usesTime', 'variantEnds', 'variantKeys', 'variantPrefix',
  // The condition compiler (src/eval/conditions/types.ts).
  'compileObject', 'compileValue', 'savedGroups',
  // The incremental murmur3 state (src/eval/hasher.ts).
  'byteCount', 'mixedState', 'tailWord',
  // Client internals (src/client): the shared read path (an @internal member, not in the published
  // types), the reporter, the full client's wiring, the event factory and the exposure memo.
  'customEvent', 'overrideStore', 'readHooks', 'reader', 'servedResult', 'setUnitNames', 'wiring',
  // Event pipeline internals (src/events): timer, backoff gate, reporting, ring, storage mirror, batches.
  'arm', 'armed', 'blockFor', 'copyAll', 'disarm', 'eventsDropped', 'failedAttempts', 'fitting', 'flushRequested',
  'internalError', 'isBlocked', 'keepUnconfirmed', 'markDirty', 'oversized', 'queueFull', 'queueOrder',
  'readStored', 'takeUpTo', 'waiters', 'wakeWhenOpen', 'writeNow',
];

/** The pattern esbuild's `mangleProps` takes: exactly the listed names. */
export const INTERNAL_PROPS_PATTERN = new RegExp(`^(?:${INTERNAL_PROPS.join('|')})$`);
