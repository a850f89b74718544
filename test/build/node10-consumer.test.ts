/**
 * A TypeScript app on `moduleResolution: node` (node10), which reads no `exports`: it finds the subpaths'
 * types through `typesVersions`, and the root's through `types`. Both must be the same declaration files
 * (the CommonJS ones), or `SplitkitClient` and `FlagRegistry` are declared twice: a client from `splitkit`
 * would not be assignable to `splitkit/react`'s provider, and typed flags would not reach the subpaths.
 * Compiles an app against the built package (`npm test` builds first), installed as a link.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so that React's and the other packages' types resolve from its node_modules.
mkdirSync(join(root, '.tmp'), { recursive: true });
const app = mkdtempSync(join(root, '.tmp', 'node10-consumer-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

const write = (path: string, text: string) => writeFileSync(join(app, path), text);

describe('types under moduleResolution node (node10)', () => {
  it('are one set of declarations for the root and every subpath, typed flags included', () => {
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(root, join(app, 'node_modules', 'splitkit'), 'dir');
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          module: 'commonjs',
          moduleResolution: 'node',
          target: 'es2020',
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['flags.d.ts', 'app.tsx'],
      }),
    );
    write(
      'flags.d.ts',
      `import type { Json } from 'splitkit';
declare module 'splitkit' {
  interface FlagRegistry {
    gates: { new_checkout: true };
    experiments: { button_color: { variant: 'red' | 'blue'; params: { color: string } } };
    params: { limit: number };
  }
}
export type { Json };
`,
    );
    write(
      'app.tsx',
      `import { createClient } from 'splitkit';
import { createClient as createLite } from 'splitkit/lite';
import { SplitkitProvider, useGate } from 'splitkit/react';
import { createTestClient } from 'splitkit/testing';
import type { SplitkitClient } from 'splitkit';

const client = createClient({ ruleset: {} });
export const page = <SplitkitProvider client={client}>{null}</SplitkitProvider>;
export const tested: SplitkitClient = createTestClient();
export function Checkout(): boolean {
  // @ts-expect-error a typo is not a gate of the ruleset, in splitkit/react too
  useGate('new_chekout');
  return useGate('new_checkout');
}
// @ts-expect-error and in splitkit/testing and splitkit/lite
createTestClient().getParam('limits', 1);
// @ts-expect-error
createLite({ ruleset: {} }).checkGate('new_chekout');
`,
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
      encoding: 'utf8',
    });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });
});
