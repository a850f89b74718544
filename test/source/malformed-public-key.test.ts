/**
 * A `source.publicKeys` entry that is no public key (a typo, a key cut short, the PEM private key pasted in its
 * place) verifies nothing, as docs/delivery.md says; the refusal now names it. Before, it read exactly like a
 * ruleset signed with someone else's key, so the one mistake the report could point at went unsaid.
 */
import { describe, expect, it } from 'vitest';
import { rulesetWith, signingKey, sourceClient } from './helpers.js';

const URL = 'http://flags.test/ruleset.json';

async function refusalsWith(publicKeys: string[]): Promise<string[]> {
  const key = await signingKey();
  const body = JSON.stringify(rulesetWith(true));
  const signature = await key.sign(body);
  const fetch: typeof globalThis.fetch = async () =>
    new Response(body, { headers: { ETag: '"v1"', 'Splitkit-Signature': signature } });
  const { client, errors } = sourceClient({ url: URL, pollIntervalMs: 0, fetch, publicKeys });
  expect(await client.ready()).toBe('none');
  await client.shutdown();
  return errors.map((error) => error.message);
}

describe('source.publicKeys entries that are no public key', () => {
  it('are named in the refusal, by index', async () => {
    const other = await signingKey();
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB1k\n-----END PRIVATE KEY-----';
    expect(await refusalsWith(['not a key', other.publicKey, pem, other.publicKey.slice(0, 20)])).toEqual([
      `ruleset from ${URL} refused: its signature does not verify with any of source.publicKeys ` +
        '(source.publicKeys[0], source.publicKeys[2], source.publicKeys[3]: not a public key, which is the base64 of ' +
        '32 bytes as splitkit keygen prints it); the last good ruleset stays in use',
    ]);
  });

  it('well-formed foreign keys: the refusal as before, naming none', async () => {
    const other = await signingKey();
    expect(await refusalsWith([other.publicKey])).toEqual([
      `ruleset from ${URL} refused: its signature does not verify with any of source.publicKeys; the last good ruleset stays in use`,
    ]);
  });
});
