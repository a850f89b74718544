/**
 * splitkit/openfeature given a client from another build of the package: a provider imported as ESM and a
 * client required as CommonJS (an app mixing both, or two copies of splitkit). Internal names are shortened
 * per build (scripts/internal-props.ts), so the one client method the provider calls keeps its name; reads
 * over a server-rendered values bootstrap must answer as they do within one build. Reads the built dist/
 * (`npm test` builds first).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Package from '../../src/index.js';
import type * as OpenFeature from '../../src/openfeature/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ruleset = {
  gates: { new_checkout: { rules: [{ id: 'all', rollout: 100 }] } },
  params: { dark_mode: { default: false, rules: [{ id: 'beta', when: { plan: 'beta' }, value: true }] } },
};

describe('an OpenFeature provider over a client of another build', () => {
  it('reads a values bootstrap as within one build', async () => {
    const cjs = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs')) as typeof Package;
    const esm = (await import(pathToFileURL(join(root, 'dist', 'index.js')).href)) as typeof Package;
    const { SplitkitServerProvider } = (await import(
      pathToFileURL(join(root, 'dist', 'openfeature', 'index.js')).href
    )) as typeof OpenFeature;
    const user = { userID: 'u1', plan: 'beta' };
    const bootstrap = JSON.parse(JSON.stringify(esm.createClient({ ruleset }).snapshot(user)));
    const answers = [];
    for (const { createClient } of [esm, cjs]) {
      const client = createClient({ bootstrap, environment: 'server', onError: () => {} });
      const provider = new SplitkitServerProvider(client);
      const context = { targetingKey: 'u1', plan: 'beta' };
      answers.push([
        await provider.resolveBooleanEvaluation('dark_mode', false, context),
        await provider.resolveBooleanEvaluation('new_checkout', false, context),
      ]);
    }
    expect(answers[0]).toMatchObject([{ value: true }, { value: true }]);
    expect(answers[1]).toEqual(answers[0]);
  });
});
