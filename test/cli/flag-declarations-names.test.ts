/**
 * The declarations `splitkit types` writes, for names and values that need quoting or escaping: each one
 * parses as TypeScript, and every name a ruleset holds reads back from the declarations unchanged.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { flagDeclarations } from '../../src/cli/flag-declarations.js';
import { parseRuleset } from '../../src/ruleset/parse.js';

const NAMES = [
  'q"uote',
  'back\\slash',
  'ünï',
  'class',
  'constructor',
  'toString',
  '1lead',
  'a b',
  'line\u2028sep',
  'tab\tx',
  'new\nline',
  '\ud800lone',
  'emoji😀',
  '$ok_1',
  '*/',
];

const ruleset = parseRuleset({
  gates: Object.fromEntries(NAMES.map((name) => [name, { rules: [] }])),
  experiments: Object.fromEntries(
    NAMES.map((name) => [
      name,
      {
        variants: NAMES.map((key, i) => ({
          key,
          weight: i === 0 ? 101 - NAMES.length : 1,
          params: { [name]: { [key]: [null, 1, 'x', { [name]: true }] } },
        })),
      },
    ]),
  ),
  params: Object.fromEntries(NAMES.map((name) => [name, { default: { [name]: [[name]] } }])),
});

/** The property names of the type literal `FlagRegistry[section]` in `source`. */
function declaredNames(source: ts.SourceFile, section: string): string[] {
  let names: string[] | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'FlagRegistry') {
      const member = node.members.find((candidate) => candidate.name?.getText(source) === section);
      if (member && ts.isPropertySignature(member) && member.type && ts.isTypeLiteralNode(member.type))
        names = member.type.members.map((entry) => {
          const name = entry.name!;
          return ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : name.getText(source);
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names ?? [];
}

describe('flagDeclarations with names that need quoting', () => {
  const text = flagDeclarations(ruleset, 'ruleset.json');
  const source = ts.createSourceFile('flags.d.ts', text, ts.ScriptTarget.ES2022, true);

  it('writes TypeScript that parses', () => {
    const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    expect(
      diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    ).toStrictEqual([]);
  });

  it('declares every name as the ruleset spells it', () => {
    const sorted = [...NAMES].sort();
    expect(declaredNames(source, 'gates')).toStrictEqual(sorted);
    expect(declaredNames(source, 'experiments')).toStrictEqual(sorted);
    expect(declaredNames(source, 'params')).toStrictEqual(sorted);
  });
});
