/**
 * `override` and `clearOverrides` tell `subscribe` listeners which names they forced or released, so a UI
 * (React's hooks re-read the names they hear of) shows a QA override at once instead of at the next render.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type RulesetChange } from '../../src/index.js';

function watched() {
  const client = createClient({
    environment: 'server',
    ruleset: { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } }, params: { limit: { default: 1 } } },
  });
  const heard: RulesetChange[] = [];
  client.subscribe((change) => heard.push(change));
  return { client, heard };
}

describe('override notifications', () => {
  it('lists the names an override forces, and a read in the listener sees the forced value', () => {
    const { client, heard } = watched();
    const seen: boolean[] = [];
    client.subscribe(() => seen.push(client.checkGate('g', { userID: 'u' })));
    client.override({ gates: { g: false }, experiments: { e: 'blue' }, params: { limit: 3 } });
    expect(heard).toEqual([{ gates: ['g'], experiments: ['e'], params: ['limit'] }]);
    expect(seen).toEqual([false]);
  });

  it('lists only what changed: forcing the same value again says nothing, another value names it', () => {
    const { client, heard } = watched();
    client.override({ gates: { g: false }, params: { limit: 3 } });
    client.override({ gates: { g: false }, params: { limit: 3 } });
    expect(heard).toHaveLength(1);
    client.override({ gates: { g: true }, params: { limit: 3 } });
    expect(heard[1]).toEqual({ gates: ['g'], experiments: [], params: [] });
  });

  it('lists the names clearOverrides releases: one, one kind, or all', () => {
    const { client, heard } = watched();
    client.override({ gates: { g: false, h: true }, params: { limit: 3 } });
    client.clearOverrides('gates', 'h');
    client.clearOverrides('gates');
    client.clearOverrides();
    client.clearOverrides();
    expect(heard.slice(1)).toEqual([
      { gates: ['h'], experiments: [], params: [] },
      { gates: ['g'], experiments: [], params: [] },
      { gates: [], experiments: [], params: ['limit'] },
    ]);
    expect(client.checkGate('g', { userID: 'u' })).toBe(true);
  });

  it('an override that fails half way names what it stored before the problem', () => {
    const { client, heard } = watched();
    client.override({ gates: { g: false }, experiments: 'oops' as never });
    expect(heard).toEqual([{ gates: ['g'], experiments: [], params: [] }]);
  });
});
