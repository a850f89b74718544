import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';

const markdown = readFileSync(new URL('../../docs/ruleset.md', import.meta.url), 'utf8');
const blocks = [...markdown.matchAll(/```(\w+)([^\n]*)\n([\s\S]*?)```/g)].map((match) => ({
  language: match[1] as string,
  info: (match[2] as string).trim(),
  body: match[3] as string,
}));

describe('docs/ruleset.md', () => {
  it('has a complete example, and every valid JSON example parses', () => {
    const valid = blocks.filter((block) => block.language === 'json' && block.info === '');
    expect(valid.length).toBeGreaterThan(0);
    for (const block of valid) expect(() => parseRuleset(block.body)).not.toThrow();
  });

  it('the complete example uses every entity', () => {
    const example = blocks.find((block) => block.language === 'json' && block.info === '');
    const ruleset = parseRuleset(example?.body);
    for (const map of [
      ruleset.gates,
      ruleset.experiments,
      ruleset.layers,
      ruleset.holdouts,
      ruleset.params,
      ruleset.segments,
    ]) {
      expect(Object.keys(map).length).toBeGreaterThan(0);
    }
  });

  it('shows the exact error of its invalid example', () => {
    const index = blocks.findIndex((block) => block.info === 'invalid');
    const shown = blocks[index + 1];
    expect(shown?.language).toBe('text');
    let message = '';
    try {
      parseRuleset(blocks[index]?.body);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as ConfigError).message;
    }
    expect(message).toBe(shown?.body.trimEnd());
  });
});
