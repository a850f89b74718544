/**
 * A ruleset put in use that cannot be compared with the one before it (to tell `subscribe` listeners which
 * names changed): valid JSON from the network with a parameter nested 20,000 levels deep (it parses, but
 * comparing it overflows the stack), or a trusted ruleset from the app holding a BigInt. The ruleset is in use
 * by then; both clients report the failure once (INVALID_RULESET) and go on: `setRuleset` does not throw, the
 * reporter is not left muted, and the app's next ruleset is 'static', not taken for the network's.
 */
import { describe, expect, it } from 'vitest';
import { createClient as createLean } from '../../src/lean.js';
import { createClient as createFull } from '../../src/index.js';
import type { SplitkitError } from '../../src/errors/index.js';
import type { RulesetInput } from '../../src/ruleset/input.js';

const deep = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const BODY = `{"gates":{"g":{"rules":[{"id":"all","rollout":100}]}},"params":{"p":{"default":${deep(20_000)}}}}`;

/** A client of `which` kind on a source answering BODY once, its reports as `code: message`. */
function clientOf(which: 'lean' | 'full') {
  const errors: string[] = [];
  const options = {
    source: {
      url: 'https://flags.example/ruleset.json',
      pollIntervalMs: 0,
      cache: false as const,
      fetch: async () => new Response(BODY, { headers: { etag: '"v1"' } }),
    },
    onError: (error: SplitkitError) => errors.push(`${error.code}: ${error.message.slice(0, 60)}`),
  };
  const client =
    which === 'lean' ? createLean(options) : createFull({ ...options, environment: 'server', validate: false });
  return { client, errors };
}

describe.each(['lean', 'full'] as const)('the %s client', (which) => {
  it('reports a network ruleset it cannot compare for its listeners, once, and keeps working', async () => {
    const { client, errors } = clientOf(which);
    const heard: unknown[] = [];
    client.subscribe((change) => heard.push(change));
    expect(await client.ready({ timeoutMs: 5_000 })).toBe('network');
    expect(client.checkGate('g', { userID: 'u' })).toBe(true);
    expect(heard).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/^INVALID_RULESET: the ruleset is in use, but: RangeError/)]);
    // The reporter is not left muted: a later problem is heard.
    client.checkGate('missing');
    expect(errors.at(-1)).toMatch(/^FLAG_NOT_FOUND/);
    // The app's own ruleset afterwards is the app's ('static'); comparing it with the deep one fails again, and is
    // reported again. The next one compares, and its listeners hear its names.
    expect(client.setRuleset({ gates: {} })).toBe(true);
    expect(client.status().origin).toBe('static');
    expect(errors.at(-1)).toMatch(/^INVALID_RULESET: the ruleset is in use, but: RangeError/);
    expect(client.setRuleset({ gates: { h: { rules: [] } } })).toBe(true);
    expect(heard).toEqual([expect.objectContaining({ gates: ['h'] })]);
    await client.shutdown();
  });

  it("reports an app's trusted ruleset holding a BigInt, with a listener, instead of throwing from setRuleset", async () => {
    const { client, errors } = clientOf(which);
    await client.shutdown();
    client.subscribe(() => {});
    const ruleset = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } }, params: { p: { default: 1n } } };
    expect(client.setRuleset(ruleset as unknown as RulesetInput)).toBe(true);
    expect(client.checkGate('g', { userID: 'u' })).toBe(true);
    expect(errors).toContainEqual(expect.stringMatching(/^INVALID_RULESET: the ruleset is in use, but: TypeError/));
  });
});
