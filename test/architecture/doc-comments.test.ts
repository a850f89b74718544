/**
 * Every export of src/ carries a doc comment (TypeDoc reads them; the style guide asks for one on every
 * export). The declarations are read with the TypeScript parser; a function's implementation after its
 * documented overloads needs none of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The name of an exported declaration, for the failure message. */
function nameOf(statement: ts.Statement, source: ts.SourceFile): string {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.map((declaration) => declaration.name.getText(source)).join(', ');
  }
  const name = (statement as { name?: ts.Node }).name;
  return name ? name.getText(source) : '(anonymous)';
}

/** A function body that follows overload signatures of the same name (the overloads carry the docs). */
function isOverloadImplementation(statement: ts.Statement, previous: ts.Statement | undefined): boolean {
  return (
    ts.isFunctionDeclaration(statement) &&
    statement.body !== undefined &&
    previous !== undefined &&
    ts.isFunctionDeclaration(previous) &&
    previous.body === undefined &&
    previous.name?.text === statement.name?.text
  );
}

/** `file:line name` for each export of `path` without a doc comment. */
export function undocumentedExports(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  source.statements.forEach((statement, index) => {
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return;
    if (isOverloadImplementation(statement, source.statements[index - 1])) return;
    const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc);
    // The file's comment (at the top, then a blank line) is not the doc of a first statement below it.
    const fileComment = (doc: ts.JSDoc) =>
      doc.getStart(source) === 0 && /\n\s*\n/.test(text.slice(doc.end, statement.getStart(source)));
    const ownDocs = docs.filter((doc) => !fileComment(doc));
    if (ownDocs.length > 0) return;
    const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
    found.push(`${relative(ROOT, path)}:${line} ${nameOf(statement, source)}`);
  });
  return found;
}

describe('doc comments', () => {
  it('are on every export of src/', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(200);
    expect(files.flatMap((path) => undocumentedExports(path))).toEqual([]);
  });

  it('are looked for where they belong: a plain comment or a bare export fails, an overload body passes', () => {
    const check = (text: string) => undocumentedExports(join(ROOT, 'src/example.ts'), text);
    expect(
      check('export const a = 1;\n// a line comment\nexport function b() {}\n/* block */\nexport type C = 1;'),
    ).toEqual(['src/example.ts:1 a', 'src/example.ts:3 b', 'src/example.ts:5 C']);
    expect(
      check(
        '/** Doc. */\nexport interface A {}\n/** One. */\nexport function f(x: 1): 1;\n/** Two. */\nexport function f(x: 2): 2;\nexport function f(x: 1 | 2) { return x; }',
      ),
    ).toEqual([]);
    expect(check('export function g(): void;\nexport function g() {}')).toEqual(['src/example.ts:1 g']);
    // The file's comment above a first export that has none of its own.
    expect(check('/** The file. */\n\nexport const h = 1;')).toEqual(['src/example.ts:3 h']);
    expect(check('/** The file. */\n\n/** H. */\nexport const h = 1;')).toEqual([]);
  });
});
