/**
 * Differential test: for seeded random rulesets and users, every way of reading must agree on value and
 * reason: the validating client (src/index.ts), the trusting browser build, `splitkit/lite`, a values
 * bootstrap read by a browser client, and `evalCondition` for each rule's condition.
 */
import { describe, expect, it } from 'vitest';
import { createClient, parseRuleset, type Bootstrap } from '../../src/index.js';
import { createClient as createBrowserClient } from '../../src/browser.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import { evalCondition } from '../../src/eval/conditions/index.js';
import { seededRandom } from '../../src/testing/index.js';
import { randomRuleset, SEGMENT_IDS, silent, user } from './random-ruleset.js';

interface Read {
  value: unknown;
  reason: string;
}

const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('every client agrees on value and reason', () => {
  it('for 150 seeded random rulesets and 30 users each', () => {
    const r = seededRandom(19);
    let accepted = 0;
    const differences: string[] = [];
    for (let n = 0; n < 150; n++) {
      const input = randomRuleset(r);
      const text = JSON.stringify(input);
      let parsed: ReturnType<typeof parseRuleset>;
      try {
        parsed = parseRuleset(text);
      } catch (error) {
        differences.push(`ruleset ${n} rejected: ${String(error).slice(0, 300)}\n${text}`);
        continue;
      }
      accepted++;
      // A normalized ruleset parses again, to itself (what a server that validates and re-serves relies on).
      const again = JSON.stringify(parseRuleset(JSON.stringify(parsed)));
      if (again !== JSON.stringify(parsed)) differences.push(`ruleset ${n}: normalizing twice differs\n${text}`);
      const errors: string[] = [];
      const onError = (e: Error) => errors.push(e.message);
      const opts = { environment: 'server' as const, logger: silent, now: () => NOW };
      const full = createClient({ ...opts, ruleset: JSON.parse(text), onError });
      const browser = createBrowserClient({ ...opts, ruleset: JSON.parse(text), onError });
      const lite = createLiteClient({ ruleset: JSON.parse(text), now: () => NOW, onError });
      const groups = { listed: SEGMENT_IDS };
      for (let u = 0; u < 30; u++) {
        const who = user(r);
        const bootstrap = JSON.parse(JSON.stringify(full.snapshot(who, { mode: 'values' }))) as Bootstrap;
        // The page has the user as JSON, like the bootstrap (NaN and Infinity ids become null there).
        const page = createBrowserClient({ ...opts, bootstrap, user: JSON.parse(JSON.stringify(who)), onError });
        const clue = `ruleset ${n} user ${JSON.stringify(who)}\n${text}`;
        const check = (what: string, reads: Record<string, Read>) => {
          const [first, ...rest] = Object.entries(reads);
          for (const [name, read] of rest) {
            if (JSON.stringify(read) !== JSON.stringify(first![1])) {
              differences.push(
                `${what}: ${first![0]} ${JSON.stringify(first![1])} vs ${name} ${JSON.stringify(read)}; ${clue}`,
              );
            }
          }
        };
        for (const gate of Object.keys(parsed.gates)) {
          const d = full.getGateDetails(gate, who);
          const b = browser.getGateDetails(gate, who);
          const p = page.getGateDetails(gate);
          check(`gate ${gate}`, {
            full: { value: d.value, reason: d.reason },
            browser: { value: b.value, reason: b.reason },
            bootstrap: { value: p.value, reason: p.reason },
          });
          if (lite.checkGate(gate, who) !== d.value) differences.push(`gate ${gate}: lite differs; ${clue}`);
          if (gate.startsWith('c')) {
            const when = parsed.gates[gate]!.rules[0]!.when as Record<string, unknown>;
            const direct = evalCondition(when as never, who as never, groups);
            if (direct !== d.value) differences.push(`gate ${gate}: evalCondition ${direct} vs ${d.value}; ${clue}`);
          }
        }
        for (const exp of Object.keys(parsed.experiments)) {
          const d = full.getExperimentDetails(exp, who);
          const b = browser.getExperimentDetails(exp, who);
          const p = page.getExperimentDetails(exp);
          const l = lite.getExperiment(exp, who);
          check(`experiment ${exp}`, {
            full: { value: d.variant, reason: d.reason },
            browser: { value: b.variant, reason: b.reason },
            bootstrap: { value: p.variant, reason: p.reason },
            lite: { value: l.variant, reason: l.reason },
          });
          const params = JSON.stringify(full.getExperiment(exp, who).params);
          if (JSON.stringify(page.getExperiment(exp).params) !== params) {
            differences.push(`experiment ${exp}: bootstrap params differ; ${clue}`);
          }
        }
        for (const param of Object.keys(parsed.params)) {
          const d = full.getParamDetails(param, null, who);
          const b = browser.getParamDetails(param, null, who);
          const p = page.getParamDetails(param, null);
          check(`param ${param}`, {
            full: { value: d.value, reason: d.reason },
            browser: { value: b.value, reason: b.reason },
            bootstrap: { value: p.value, reason: p.reason },
          });
          if (JSON.stringify(lite.getParam(param, null, who)) !== JSON.stringify(d.value)) {
            differences.push(`param ${param}: lite differs; ${clue}`);
          }
        }
      }
      if (errors.length > 0) differences.push(`ruleset ${n} reported: ${errors.join('; ')}; ${text}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(accepted).toBe(150);
  });
});
