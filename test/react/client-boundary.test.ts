/**
 * `splitkit/react` in React Server Components (Next.js App Router): React's server build has no
 * `createContext`, so the entry cannot run in a server component; its `'use client'` directive makes RSC
 * bundlers import it there as client references instead, which lets a server layout render
 * `<SplitkitProvider options={{ bootstrap, user }}>`. The published ESM entry (what those bundlers resolve)
 * must begin with the directive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe("splitkit/react's client boundary", () => {
  it("the ESM entry the package exports starts with the 'use client' directive", () => {
    const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports;
    const entry: string = exportsMap['./react'].import.default;
    let text: string;
    try {
      text = readFileSync(join(root, entry), 'utf8');
    } catch {
      throw new Error(`${entry}: run \`npm run build\` first`);
    }
    expect(text.split('\n')[0]).toMatch(/^["']use client["'];?$/);
  });
});
