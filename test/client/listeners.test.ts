/**
 * `subscribe` listeners: whatever a listener throws (an Error, a Symbol, a null-prototype object, a Proxy
 * whose every trap throws) is reported as LISTENER_FAILED, every other listener still hears the change,
 * and the call that notified (setUser, setRuleset) neither throws nor changes its answer. A listener
 * unsubscribed during a notification is not called in that round.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type RulesetChange, type SplitkitError } from '../../src/index.js';

function throwingProxy(): object {
  const trap = () => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
}

/** What listeners may throw; `String()` of the last three throws, and reading `.message` of the Proxy throws. */
const THROWN: [string, () => unknown][] = [
  ['an Error', () => new Error('boom')],
  ['a Symbol', () => Symbol('s')],
  ['a null-prototype object', () => Object.create(null)],
  ['a throwing Proxy', throwingProxy],
  ['null', () => null],
];

function watchedClient() {
  const errors: SplitkitError[] = [];
  const client = createClient({
    environment: 'server',
    ruleset: { gates: { g: { rules: [{ id: 'all' }] } } },
    onError: (error) => errors.push(error),
  });
  const heard: RulesetChange[] = [];
  for (const [, thrown] of THROWN)
    client.subscribe(() => {
      throw thrown();
    });
  client.subscribe((change) => heard.push(change));
  return { client, errors, heard };
}

describe('subscribe listeners that throw', () => {
  it('never make setUser throw; every listener is called and each throw reported', () => {
    const { client, errors, heard } = watchedClient();
    expect(() => client.setUser({ userID: 'x' })).not.toThrow();
    expect(heard).toStrictEqual([{ gates: [], experiments: [], params: [], user: true }]);
    expect(errors.map((error) => error.code)).toStrictEqual(THROWN.map(() => 'LISTENER_FAILED'));
    expect(errors[0]!.message).toBe('a subscribe listener threw: Error: boom');
    expect(errors[1]!.message).toBe('a subscribe listener threw: Symbol(s)');
    expect(errors[2]!.message).toBe('a subscribe listener threw: [unprintable object]');
    expect(client.getUser()).toStrictEqual({ userID: 'x' });
  });

  it('never make setRuleset misreport: the new ruleset is accepted, in use and announced', () => {
    const { client, errors, heard } = watchedClient();
    expect(client.setRuleset({ gates: { g: { rules: [{ id: 'none', rollout: 0 }] } } })).toBe(true);
    expect(client.checkGate('g', { userID: 'u' })).toBe(false);
    expect(heard).toStrictEqual([{ gates: ['g'], experiments: [], params: [] }]);
    expect(errors.map((error) => error.code)).toStrictEqual(THROWN.map(() => 'LISTENER_FAILED'));
  });
});

describe('unsubscribing during a notification', () => {
  it('skips a listener removed by an earlier one in the same round', () => {
    const client = createClient({ environment: 'server', ruleset: {} });
    const calls: string[] = [];
    let offB: () => void = () => {};
    client.subscribe(() => {
      calls.push('A');
      offB();
    });
    offB = client.subscribe(() => calls.push('B'));
    // Added during the round: not in this round's copy, heard from the next one.
    client.subscribe(() => {
      calls.push('C');
      if (calls.length === 2) client.subscribe(() => calls.push('D'));
    });
    client.setUser({ userID: 'x' });
    expect(calls).toStrictEqual(['A', 'C']);
    client.setUser({ userID: 'y' });
    expect(calls).toStrictEqual(['A', 'C', 'A', 'C', 'D']);
  });
});
