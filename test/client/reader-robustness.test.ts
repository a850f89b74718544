/**
 * The read path against hostile input it cannot refuse (audit 18b): a user whose getter reads the same
 * client, a trusted ruleset whose variant params throw, a fallback no check can look at, a ruleset the
 * client's listeners or events cannot take in, a trusted replacement that is no ruleset, and names of a
 * megabyte. Reads never throw, answer for the read that was asked, and keep bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type EventBatch, type SplitkitError, type SplitkitEvent } from '../../src/index.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import { createClientReporter } from '../../src/client/reporter.js';
import { createReader } from '../../src/client/reader.js';
import type { RulesetInput } from '../../src/ruleset/input.js';

const twoExperiments: RulesetInput = {
  gates: {
    outer_gate: { rules: [{ id: 'nz', rollout: 100 }] },
    inner_gate: { rules: [{ id: 'inner_rule', rollout: 100 }] },
  },
  experiments: {
    e: { variants: [{ key: 'A', weight: 100, params: { size: 1 } }] },
    f: { variants: [{ key: 'F', weight: 100, params: { size: 2 } }] },
  },
  params: {
    p: { default: 'outer' },
    q: { default: 'inner' },
    // Its rule reads the unit, so the user's getter runs.
    r: { default: 'x', rules: [{ id: 'all', rollout: 100, value: 'y' }] },
  },
};

function recording(ruleset: RulesetInput, extra: Partial<Parameters<typeof createClient>[0]> = {}) {
  const sent: SplitkitEvent[] = [];
  const errors: SplitkitError[] = [];
  const client = createClient({
    ruleset,
    validate: false,
    environment: 'server',
    onError: (error) => errors.push(error),
    transport: async (batch: EventBatch) => {
      sent.push(...structuredClone(batch.events));
      return { status: 200 };
    },
    ...extra,
  });
  const events = async () => {
    await client.flush();
    return sent.map((event) =>
      event.type === 'exposure' ? [event.name, event.variant ?? event.ruleId, event.units['userID']] : [event.type],
    );
  };
  return { client, errors, events };
}

describe('a user whose getter reads the same client (a computed attribute that consults a flag)', () => {
  it('gets the answer of its own read, in the full client and in lite', () => {
    for (const create of [createLiteClient, createClient]) {
      const client = create({
        ruleset: twoExperiments,
        validate: false,
        environment: 'server',
        onError() {},
      } as never) as ReturnType<typeof createLiteClient>;
      const user = {
        get userID() {
          expect(client.getExperiment('f', { userID: 'inner' })).toMatchObject({ name: 'f', variant: 'F' });
          expect(client.checkGate('inner_gate', { userID: 'inner' })).toBe(true);
          expect(client.getParam('q', '', { userID: 'inner' })).toBe('inner');
          return 'outer';
        },
      };
      const result = client.getExperiment('e', user);
      expect([result.name, result.variant, result.params, result.reason]).toStrictEqual([
        'e',
        'A',
        { size: 1 },
        'SPLIT',
      ]);
      expect(client.checkGate('outer_gate', user)).toBe(true);
      expect(client.getParam('p', '', user)).toBe('outer');
      // An unknown name read while the getter's read is under way is reported under its own name.
      const missing = client.getExperiment('missing', {
        get userID() {
          client.getExperiment('e', { userID: 'inner' });
          return 'outer';
        },
      });
      expect([missing.name, missing.variant, missing.reason]).toStrictEqual(['missing', null, 'ERROR']);
    }
  });

  it("logs the outer read's exposure under its own entity and user, and the inner one's under its own", async () => {
    const { client, events } = recording(twoExperiments);
    const reads = () => {
      const inner = { userID: 'inner' };
      const outer = {
        get userID() {
          client.getExperiment('f', inner);
          client.checkGate('inner_gate', inner);
          return 'outer';
        },
      };
      client.getExperiment('e', outer);
      client.checkGate('outer_gate', outer);
    };
    reads();
    expect(await events()).toStrictEqual([
      ['f', 'F', 'inner'],
      ['inner_gate', 'inner_rule', 'inner'],
      ['e', 'A', 'outer'],
      ['outer_gate', 'nz', 'outer'],
    ]);
  });

  it('reports an error met meanwhile under the entity that met it', () => {
    const errors: SplitkitError[] = [];
    const client = createLiteClient({ ruleset: twoExperiments, onError: (error) => errors.push(error) });
    const user = {
      get userID() {
        client.checkGate('known_nowhere', { userID: 'inner' });
        return 'outer';
      },
    };
    expect(client.getParam('r', 0, user)).toBe(0);
    expect(errors.map((error) => error.message)).toStrictEqual([
      'gate "known_nowhere": no gate named "known_nowhere"',
      'param "r": is string, the fallback is number',
    ]);
  });
});

describe('setRuleset whose ruleset the full client cannot pass on to its listeners or events', () => {
  it('returns true when the ruleset is in use, and reports what failed', () => {
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      validate: false,
      ruleset: { gates: {} },
      onError: (error) => errors.push(error),
    });
    client.subscribe(() => {});
    // A BigInt param: the client cannot compare it as JSON for its listeners.
    const next = { gates: { fresh: { rules: [{ id: 'all' }] } }, params: { p: { default: 10n } } } as never;
    expect(client.setRuleset(next)).toBe(true);
    expect(client.checkGate('fresh', { userID: 'u' })).toBe(true);
    expect(client.getRuleset()).toBe(next);
    expect(errors.map((error) => error.code)).toStrictEqual(['INVALID_RULESET']);
    expect(errors[0]!.message).toBe('the ruleset is in use, but: TypeError: Do not know how to serialize a BigInt');
  });

  it('keeps a trusted ruleset that works at creation when the event pipeline cannot read it', () => {
    const { client, errors } = recording({
      gates: { g: { rules: [{ id: 'all' }] } },
      // Not a field of the format; the events' look for custom units trips over it.
      experiments: { e: { variants: [{ key: 'a', weight: 100 }], rules: [null] } as never },
    });
    expect(client.checkGate('g', { userID: 'u' })).toBe(true);
    expect(client.getExperiment('e', { userID: 'u' }).variant).toBe('a');
    expect(errors.map((error) => error.code)).toStrictEqual(['INVALID_RULESET']);
  });
});

describe('a trusted ruleset whose variant params throw when read', () => {
  const throwing = () => ({
    experiments: {
      e: {
        variants: [
          {
            key: 'a',
            weight: 100,
            params: {
              get color(): string {
                throw new Error('params getter');
              },
            },
          },
        ],
      },
      proxied: {
        variants: [
          {
            key: 'a',
            weight: 100,
            params: new Proxy(
              {},
              {
                ownKeys() {
                  throw new Error('trap ownKeys');
                },
              },
            ),
          },
        ],
      },
    },
  });

  it('serves the error result and reports GENERAL once, in lite and in the full client', () => {
    for (const create of [createLiteClient, createClient]) {
      const errors: SplitkitError[] = [];
      const client = create({
        ruleset: throwing(),
        validate: false,
        environment: 'server',
        onError: (error: SplitkitError) => errors.push(error),
      } as never) as ReturnType<typeof createLiteClient>;
      for (const name of ['e', 'proxied', 'e']) {
        const result = client.getExperiment(name, { userID: 'u' });
        expect([result.name, result.variant, result.params, result.reason, result.inExperiment]).toStrictEqual([
          name,
          null,
          {},
          'ERROR',
          false,
        ]);
        expect(result.get('color', 'gray')).toBe('gray');
      }
      expect(errors.map((error) => [error.code, error.message])).toStrictEqual([
        ['GENERAL', 'experiment "e": variant "a": params: Error: params getter'],
        ['GENERAL', 'experiment "proxied": variant "a": params: Error: trap ownKeys'],
      ]);
    }
  });
});

describe("an experiment result's get", () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };

  it('serves the fallback and reports, for a fallback or key no check can look at', () => {
    for (const create of [createLiteClient, createClient]) {
      const errors: SplitkitError[] = [];
      const client = create({
        ruleset: twoExperiments,
        environment: 'server',
        onError: (error: SplitkitError) => errors.push(error),
      } as never) as ReturnType<typeof createLiteClient>;
      const result = client.getExperiment('e', { userID: 'u' });
      const fallback = revoked();
      expect(result.get('size', fallback as never)).toBe(fallback);
      expect(result.get('missing', fallback as never)).toBe(fallback);
      const key = {
        toString() {
          throw new Error('no text');
        },
      };
      expect(result.get(key as never, 5)).toBe(5);
      expect(errors.map((error) => error.code)).toStrictEqual(['GENERAL', 'GENERAL', 'GENERAL']);
      expect(errors[2]!.message).toBe('experiment "e": get: Error: no text');
    }
  });
});

describe("lite's setRuleset of something that is no ruleset object", () => {
  it('refuses it, reports it and keeps the ruleset in use', () => {
    const errors: SplitkitError[] = [];
    const client = createLiteClient({
      ruleset: { gates: { g: { rules: [{ id: 'a' }] } } },
      onError: (error) => errors.push(error),
    });
    for (const input of ['{"gates":{"g":{"rules":[{"id":"a"}]}}}', 42, [], true]) {
      expect(client.setRuleset(input)).toBe(false);
      expect(client.checkGate('g', { userID: 'u' })).toBe(true);
    }
    expect(errors.map((error) => error.code)).toStrictEqual(Array(4).fill('INVALID_RULESET'));
    expect(errors[0]!.message).toBe('the ruleset is no object');
    // At creation the same input is rejected: the empty ruleset stands in and explains why.
    const created = createLiteClient({ ruleset: 42 as never, onError: (error) => errors.push(error) });
    expect(created.checkGate('g', { userID: 'u' })).toBe(false);
    expect(errors.at(-1)!.code).toBe('PARSE_ERROR');
  });
});

describe('reports of unknown names of a megabyte', () => {
  const big = (i: number) => `${i}`.padEnd(1_000_000, 'x');

  it('clip the name in the message and keep no whole name in the dedupe key', () => {
    const messages: string[] = [];
    const keys: string[] = [];
    // The read path with a reporter that shows every dedupe key it is given.
    const reporter = createClientReporter(undefined, (error) => messages.push(error.message));
    const report = reporter._report;
    reporter._report = (error, key) => {
      keys.push(key ?? '');
      report(error, key);
    };
    const reader = createReader({ ruleset: {}, reporter });
    for (let i = 0; i < 3; i++) {
      expect(reader._readValue('gate', big(i), false, { userID: 'u' }, undefined)).toBe(false);
      expect(reader._readValue('param', big(i), 1, undefined, undefined)).toBe(1);
    }
    // Distinct names are still reported apart; the same name once.
    expect(reader._readValue('gate', big(0), false, undefined, undefined)).toBe(false);
    expect(messages).toHaveLength(6);
    expect(keys).toHaveLength(7);
    for (const message of messages) expect(message.length).toBeLessThan(1100);
    expect(messages[0]).toMatch(
      /^gate "0x{499}\.\.\. \(1000000 characters\)": no gate named "0x+\.\.\. \(\d+ characters\)$/,
    );
    for (const key of keys) expect(key.length).toBeLessThan(600);
  });
});
