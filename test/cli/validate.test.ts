import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { etagOf } from '../../src/serve/ruleset-file.js';
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

  it('warns about a ruleset over the 16 MiB clients take by default (source.maxBytes), or whose stream event is', async () => {
    const base = '{"gates":{"g":{"rules":[{"id":"all","rollout":50}]}}}';
    const limit = 2 ** 24;
    // What the stream event adds to the text: its ETag (one length for every file), the quotes around the text
    // and a backslash before each of base's.
    const escaping = JSON.stringify({ etag: etagOf(Buffer.from(base)), body: base }).length - base.length;
    // Padding after the JSON: spaces for bytes; newlines (escaped as two characters) for the stream event.
    for (const [name, text, warned] of [
      ['at.json', base.padEnd(limit - escaping, ' '), false],
      ['over.json', base.padEnd(limit + 1, ' '), true],
      ['escaped.json', base.padEnd(limit - 100, '\n'), true],
    ] as const) {
      const { code, errors, file } = await validate(name, text);
      expect({ name, code }).toEqual({ name, code: 0 });
      expect({ name, warned: errors.includes(`${file}: warning: the ruleset is`) }).toEqual({ name, warned });
    }
    const { errors } = await validate('over.json', base.padEnd(limit + 1, ' '));
    expect(errors).toContain(
      `the ruleset is ${limit + 1} bytes (${limit + 1 + escaping} characters as a stream event), over the ${limit} clients take by default: they refuse it unless their source.maxBytes is raised`,
    );
  });

  it('prints every problem with its path and exits 1', async () => {
    const ruleset = {
      version: 1,
      gates: { g: { rules: [{ id: 'r', rollout: 101 }] } },
      experiments: {
        e: { variants: [] },
        f: {
          variants: [
            { key: 'a', weight: 50 },
            { key: 'b', weight: 50 },
          ],
          forced: { a: ['qa'], b: ['qa'] },
        },
      },
      params: { p: { default: 1, rules: [{ id: 'x', when: { country: { $nope: 1 } }, value: 2 }] } },
    };
    const { code, output, errors, file } = await validate('bad.json', JSON.stringify(ruleset));
    expect(code).toBe(1);
    expect(output).toBe('');
    const lines = errors.trim().split('\n');
    expect(lines).toContain(`${file}: gates.g.rules[0].rollout: expected a number between 0 and 100`);
    expect(lines).toContain(`${file}: experiments.e.variants: expected at least one variant`);
    expect(lines).toContain(
      `${file}: experiments.f.forced.b[0]: unit "qa" is already forced to variant "a" (experiments.f.forced.a[0]); a unit can be forced to one variant only`,
    );
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

  it('warns about a key given twice in one object (JSON.parse keeps the last and drops the first silently)', async () => {
    const text =
      '{\n  "version": 1,\n  "gates": {\n    "checkout": { "rules": [{ "id": "all", "rollout": 100 }] },\n    "checkout": { "rules": [] }\n  }\n}\n';
    const { code, output, errors, file } = await validate('duplicate.json', text);
    expect(code).toBe(0);
    expect(output).toContain(`${file}: valid (1 gate,`);
    expect(errors).toBe(
      `${file}: warning: gates.checkout: the key is given twice in one object (line 4, column 5, and line 5, column 5): ` +
        'JSON readers, clients among them, keep only the last and ignore the earlier one; remove or rename one of them\n',
    );
  });

  it("reads standard input for '-' (git show HEAD:ruleset.json | splitkit validate -), once", async () => {
    const withStdin = (text: string) => Object.assign(captureIo(), { readStdin: async () => Buffer.from(text) });
    const good = withStdin('{"version":1,"gates":{"g":{"rules":[]}}}');
    expect(await main(['validate', '-'], good)).toBe(0);
    expect(good.output).toMatch(/^<stdin>: valid \(1 gate, /);
    const bad = withStdin('{"version":1,"gates":{"g":{"rules":[{"id":"r","rollout":101}]}}}');
    expect(await main(['validate', '-'], bad)).toBe(1);
    expect(bad.errors).toContain('<stdin>: gates.g.rules[0].rollout: expected a number between 0 and 100');
    const twice = withStdin('{"version":1}');
    expect(await main(['validate', '-', '-'], twice)).toBe(2);
    expect(twice.errors).toMatch(/^splitkit validate: '-' \(standard input\) given twice/);
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

  describe('warnings: the file stays valid, and the exit code 0', () => {
    const rule = (id: string, rollout: number, extra: object = {}) => ({ id, rollout, ...extra });
    const split = [
      { key: 'x', weight: 50 },
      { key: 'y', weight: 50 },
    ];
    const SHARED = 'so they pick the same units; give one a salt of its own unless that is intended';

    it('names every decision that hashes a shared salt, with the salt and the unit', async () => {
      const ruleset = {
        version: 1,
        gates: { checkout: { rules: [rule('rollout', 20)] } },
        params: { checkout: { default: 1, rules: [rule('rollout', 20, { value: 2 })] } },
        experiments: { a: { salt: 'same', variants: split }, b: { salt: 'same', variants: split } },
        holdouts: { h: { salt: 'same', percent: 10 } },
      };
      const { code, output, errors, file } = await validate('shared.json', JSON.stringify(ruleset));
      expect(code).toBe(0);
      expect(output).toContain(`${file}: valid (`);
      expect(errors).toBe(
        `${file}: warning: gates.checkout.rules[0] and params.checkout.rules[0] hash the same salt "checkout.rollout" over userID, ${SHARED}\n` +
          `${file}: warning: experiments.a (variants), experiments.b (variants) and holdouts.h hash the same salt "same" over userID, ${SHARED}\n`,
      );
    });

    it('names an empty allowlist id, a $size no list has and an empty version operand', async () => {
      const ruleset = {
        version: 1,
        experiments: { button: { variants: split, forced: { x: ['qa', ''] } } },
        gates: { tags: { rules: [rule('none', 100, { when: { tags: { $size: -1 }, app: { $vgt: '' } } })] } },
      };
      const { code, errors, file } = await validate('never.json', JSON.stringify(ruleset));
      expect(code).toBe(0);
      expect(errors).toBe(
        `${file}: warning: experiments.button.forced.x[1]: an empty id: no unit has it (an empty unit id is no id), so it never matches\n` +
          `${file}: warning: gates.tags.rules[0].when.tags.$size: no list has -1 items, so it never matches\n` +
          `${file}: warning: gates.tags.rules[0].when.app.$vgt: an empty version reads as "0"\n`,
      );
    });

    it('says nothing when a salt is shared only by decisions that do not hash', async () => {
      const ruleset = {
        version: 1,
        gates: { checkout: { rules: [rule('rollout', 100)] } },
        params: { checkout: { default: 1, rules: [rule('rollout', 20, { value: 2 })] } },
      };
      expect(await validate('unshared.json', JSON.stringify(ruleset))).toMatchObject({ code: 0, errors: '' });
    });

    // A publishing machine whose clock is wrong: clients that take the ruleset refuse every later one with an
    // earlier updatedAt until then.
    const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const dated = (updatedAt: string) => JSON.stringify({ updatedAt, gates: { g: { rules: [rule('all', 50)] } } });

    it('warns when updatedAt is more than five minutes ahead, saying how far', async () => {
      const cases = [
        [2 * 86_400_000 + 60_000, '2 days ahead'],
        [3 * 3_600_000 + 60_000, '3 h ahead'],
        [20 * 60_000, '20 min ahead'],
      ] as const;
      for (const [offset, ahead] of cases) {
        const updatedAt = at(offset);
        const { code, errors, file } = await validate('future.json', dated(updatedAt));
        expect(code).toBe(0);
        expect(errors).toBe(
          `${file}: warning: updatedAt ${updatedAt} is ${ahead} of this machine's clock: clients that take this ` +
            'ruleset refuse every later one with an earlier updatedAt (unless its numeric revision is higher) until then\n',
        );
      }
    });

    it('says nothing for a past updatedAt, one within the clocks drift, or one with an offset', async () => {
      // Two minutes ahead, written in +02:00: read without its offset, it would be two hours ahead.
      const local = new Date(Date.now() + 120_000 + 2 * 3_600_000).toISOString().slice(0, 19);
      for (const updatedAt of [at(-86_400_000), at(60_000), `${local}+02:00`])
        expect((await validate('past.json', dated(updatedAt))).errors).toBe('');
    });
  });
});
