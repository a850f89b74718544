import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './support.js';

describe('splitkit validate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-validate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function validate(name: string, text: string | Uint8Array) {
    const file = join(dir, name);
    await writeFile(file, text);
    const io = captureIo();
    return { code: await main(['validate', file], io), ...io, file };
  }

  it('exits 0 with a short summary for a valid ruleset', async () => {
    const { code, output, errors, file } = await validate(
      'good.json',
      await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url)),
    );
    expect(code).toBe(0);
    expect(errors).toBe('');
    expect(output).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: valid \\(1 gate, 1 experiment, 1 parameter, 0 layers, 0 holdouts, 0 segments; ETag "sha256-[\\w-]{22}"\\)\\n$`,
      ),
    );
  });

  it('prints every problem with its path and exits 1', async () => {
    const ruleset = {
      version: 1,
      gates: { g: { rules: [{ id: 'r', rollout: 101 }] } },
      experiments: { e: { variants: [] } },
      params: { p: { default: 1, rules: [{ id: 'x', when: { country: { $nope: 1 } }, value: 2 }] } },
    };
    const { code, output, errors, file } = await validate('bad.json', JSON.stringify(ruleset));
    expect(code).toBe(1);
    expect(output).toBe('');
    const lines = errors.trim().split('\n');
    expect(lines).toContain(`${file}: gates.g.rules[0].rollout: expected a number between 0 and 100`);
    expect(lines).toContain(`${file}: experiments.e.variants: expected at least one variant`);
    expect(lines.some((line) => line.startsWith(`${file}: params.p.rules[0].when.country.$nope: `))).toBe(true);
    expect(lines.at(-1)).toBe(`${file}: ${lines.length - 1} problems`);
  });

  it('locates invalid JSON by line and column', async () => {
    const { code, errors, file } = await validate('syntax.json', '{\n  "version": 1,\n  "gates": {,}\n}');
    expect(code).toBe(1);
    expect(errors).toContain(
      `${file}: invalid JSON: line 3, column 13: expected a double-quoted property name, got ','`,
    );
    const cut = await validate('cut.json', '{\n  "version": 1,\n  "gates": {');
    expect(cut.errors).toContain('invalid JSON: line 3, column 13: unexpected end of input');
  });

  it('refuses a byte order mark and bytes that are not UTF-8', async () => {
    expect((await validate('bom.json', '\uFEFF{"version":1}')).errors).toContain('starts with a byte order mark');
    expect((await validate('latin1.json', Uint8Array.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]))).errors).toContain(
      'is not valid UTF-8',
    );
  });

  it('says clearly that a file is missing, and checks every file it is given', async () => {
    const good = join(dir, 'ok.json');
    await writeFile(good, '{"version":1}');
    const io = captureIo();
    expect(await main(['validate', join(dir, 'missing.json'), good], io)).toBe(1);
    expect(io.errors).toContain(`${join(dir, 'missing.json')}: cannot read the file: no such file`);
    expect(io.output).toContain(`${good}: valid`);
  });

  it('exits 2 without a file or with an unknown option', async () => {
    for (const argv of [['validate'], ['validate', '--strict', 'x.json']]) {
      const io = captureIo();
      expect(await main(argv, io)).toBe(2);
      expect(io.errors).toMatch(/^splitkit validate: (missing the ruleset file to check|Unknown option '--strict')/);
      expect(io.errors).toContain('Usage: splitkit validate');
    }
  });
});
