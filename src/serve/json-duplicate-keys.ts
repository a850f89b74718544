/**
 * Keys given twice in one JSON object. `JSON.parse` (in clients, `serve` and
 * `validate` alike) keeps the last and drops the others without a word, so a
 * gate pasted twice under one name, the first with the rules meant, loses
 * them with no error anywhere: `validate` and `serve` warn instead.
 */
import { formatPath } from '../shared/zod-issues.js';
import { lineAndColumn, stringEnd } from './json-syntax.js';

/** One key given again in an object that already had it. */
export interface DuplicateKey {
  /** The key's path, as validation problems name paths (`gates.checkout`). */
  path: string;
  /** Where the object had the key first, and where it comes again (line and column count from 1). */
  first: { line: number; column: number };
  again: { line: number; column: number };
}

/** The container being read: an object's keys so far and the current one, or an array's current index. */
type Frame = { kind: 'object'; keys: Map<string, number>; key: string | undefined } | { kind: 'array'; index: number };

/** Every repeated key of `text`, which must be valid JSON (it is not checked again), in the order they come. */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  // Whether the next string in the innermost object is a key (after '{' or ',') rather than a value.
  let keyNext = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      const end = stringEnd(text, i);
      if (end === undefined) break; // Not valid JSON after all: nothing more to say.
      const top = stack[stack.length - 1];
      if (keyNext && top?.kind === 'object') {
        const literal = text.slice(i, end);
        const key = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
        const first = top.keys.get(key);
        if (first === undefined) top.keys.set(key, i);
        else
          found.push({
            path: formatPath([
              ...stack.map((frame) => (frame.kind === 'array' ? frame.index : frame.key!)).slice(0, -1),
              key,
            ]),
            first: lineAndColumn(text, first),
            again: lineAndColumn(text, i),
          });
        top.key = key;
        keyNext = false;
      }
      i = end;
      continue;
    }
    if (char === '{') {
      stack.push({ kind: 'object', keys: new Map(), key: undefined });
      keyNext = true;
    } else if (char === '[') stack.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else keyNext = true;
    }
    i++;
  }
  return found;
}

/** The warning `validate` and `serve` print for `duplicate`. */
export function duplicateKeyWarning({ path, first, again }: DuplicateKey): string {
  return (
    `${path}: the key is given twice in one object (line ${first.line}, column ${first.column}, and line ` +
    `${again.line}, column ${again.column}): JSON readers, clients among them, keep only the last and ignore ` +
    'the earlier one; remove or rename one of them'
  );
}
