/**
 * A small parser for JavaScript regular expressions (no `u` flag, with the
 * web-compatibility syntax of Annex B), producing just the structure the
 * safety check needs: character sets, sequences, alternations, repeats,
 * zero-width assertions and backreferences. It expects a pattern that
 * `new RegExp` already accepted, so it is lenient rather than validating.
 */
import { ANY, DIGIT, DOT, EMPTY, SPACE, WORD, complement, normalize, single, union, type CharSet } from './char-set.js';

/** A node of a parsed pattern. */
export type RegexNode =
  | { kind: 'chars'; set: CharSet }
  /** Matches the empty string: `^` (`start`), `$`, `\b`, `\B`. */
  | { kind: 'assert'; start?: true }
  /** A lookahead or lookbehind: zero-width, but its body is still matched. */
  | { kind: 'look'; body: RegexNode }
  | { kind: 'backref' }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  /** `max` is `Infinity` for `*`, `+` and `{n,}`; `source` is the quantified text, for messages. */
  | { kind: 'repeat'; min: number; max: number; body: RegexNode; source: string };

const CLASS_ESCAPES: { [letter: string]: CharSet } = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};

const CONTROL_ESCAPES: { [letter: string]: number } = { n: 10, r: 13, t: 9, v: 11, f: 12 };

/** Parses a pattern that compiles as a JavaScript RegExp. */
export function parseRegex(pattern: string): RegexNode {
  return new Parser(pattern).parse();
}

class Parser {
  private i = 0;

  constructor(private readonly source: string) {}

  parse(): RegexNode {
    // A stray `)` cannot occur in a pattern that compiled, so one alternation covers it all.
    return this.alternation();
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.i + offset];
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alt', options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.i;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'seq', items };
  }

  private quantified(atom: RegexNode, start: number): RegexNode {
    const bounds = this.quantifier();
    if (bounds === undefined) return atom;
    if (this.peek() === '?') this.i++; // lazy: same matches, other order
    return { kind: 'repeat', min: bounds[0], max: bounds[1], body: atom, source: this.source.slice(start, this.i) };
  }

  private quantifier(): [number, number] | undefined {
    const c = this.peek();
    if (c === '*') return this.advance(1, [0, Infinity]);
    if (c === '+') return this.advance(1, [1, Infinity]);
    if (c === '?') return this.advance(1, [0, 1]);
    if (c !== '{') return undefined;
    // Annex B: a `{` that does not form `{n}`, `{n,}` or `{n,m}` is a literal.
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.i));
    if (match === null) return undefined;
    this.i += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    return [min, max];
  }

  private advance<T>(count: number, value: T): T {
    this.i += count;
    return value;
  }

  private atom(): RegexNode {
    const c = this.source[this.i++] as string;
    if (c === '^') return { kind: 'assert', start: true };
    if (c === '$') return { kind: 'assert' };
    if (c === '.') return { kind: 'chars', set: DOT };
    if (c === '(') return this.group();
    if (c === '[') return { kind: 'chars', set: this.characterClass() };
    if (c === '\\') return this.escape();
    return { kind: 'chars', set: single(c.charCodeAt(0)) };
  }

  private group(): RegexNode {
    let look = false;
    if (this.peek() === '?') {
      const rest = this.source.slice(this.i + 1);
      if (rest.startsWith('=') || rest.startsWith('!')) look = this.advance(2, true);
      else if (rest.startsWith('<=') || rest.startsWith('<!')) look = this.advance(3, true);
      else {
        // `(?:`, `(?<name>` or a modifier group like `(?i:`: skip to where the body starts.
        const end = rest.startsWith('<') ? rest.indexOf('>') : rest.indexOf(':');
        this.i += 1 + (end < 0 ? 0 : end + 1);
      }
    }
    const body = this.alternation();
    if (this.peek() === ')') this.i++;
    return look ? { kind: 'look', body } : body;
  }

  private escape(): RegexNode {
    const c = this.peek();
    if (c === undefined) return { kind: 'chars', set: single(0x5c) };
    if (c === 'b' || c === 'B') return this.advance(1, { kind: 'assert' });
    if (c >= '1' && c <= '9') return this.advance(1, { kind: 'backref' });
    if (c === 'k' && this.peek(1) === '<') return this.advance(1, { kind: 'backref' });
    return { kind: 'chars', set: this.escapedSet() };
  }

  /** The set of an escape shared by classes and atoms (after the backslash). */
  private escapedSet(): CharSet {
    const c = this.source[this.i++] as string;
    const classSet = CLASS_ESCAPES[c];
    if (classSet !== undefined) return classSet;
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return single(control);
    // Without the `u` flag `\p{…}` is a literal, but an evaluator may compile with `u`; assume anything.
    if (c === 'p' || c === 'P') return ANY;
    if (c === 'x') return this.hexEscape(2) ?? single(0x78);
    if (c === 'u') return this.hexEscape(4) ?? single(0x75);
    if (c === 'c' && /[A-Za-z]/.test(this.peek() ?? ''))
      return single((this.source.charCodeAt(this.i++) as number) % 32);
    if (c === 'c') return this.retreat(single(0x5c));
    if (c >= '0' && c <= '7') return single(this.octal(c));
    return single(c.charCodeAt(0));
  }

  private retreat<T>(value: T): T {
    this.i--;
    return value;
  }

  private hexEscape(digits: number): CharSet | undefined {
    const hex = this.source.slice(this.i, this.i + digits);
    if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
    this.i += digits;
    return single(parseInt(hex, 16));
  }

  /** Annex B legacy octal escapes (`\0`, `\12`, `\377`), given the first digit. */
  private octal(first: string): number {
    let value = Number(first);
    for (let n = 0; n < 2 && /[0-7]/.test(this.peek() ?? '') && value * 8 + Number(this.peek()) <= 0o377; n++) {
      value = value * 8 + Number(this.source[this.i++]);
    }
    return value;
  }

  private characterClass(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    let set: CharSet = EMPTY;
    while (this.i < this.source.length && this.peek() !== ']') {
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const to = this.classAtom();
        const low = from.length === 1 && from[0]?.[0] === from[0]?.[1] ? from[0]?.[0] : undefined;
        const high = to.length === 1 && to[0]?.[0] === to[0]?.[1] ? to[0]?.[0] : undefined;
        // Annex B: a range next to a class escape (`[\d-z]`) is just the parts and a literal `-`.
        set =
          low !== undefined && high !== undefined
            ? union(set, normalize([[low, high]]))
            : union(set, union(union(from, to), single(0x2d)));
      } else {
        set = union(set, from);
      }
    }
    if (this.peek() === ']') this.i++;
    return negated ? complement(set) : set;
  }

  private classAtom(): CharSet {
    const c = this.source[this.i++] as string;
    if (c !== '\\') return single(c.charCodeAt(0));
    const next = this.peek();
    if (next === 'b') return this.advance(1, single(8));
    if (next === '-') return this.advance(1, single(0x2d));
    // Inside a class `\1` is an octal escape and `\k` a plain letter.
    if (next === 'k') return this.advance(1, single(0x6b));
    if (next !== undefined && next >= '1' && next <= '9') {
      this.i++;
      return next <= '7' ? single(this.octal(next)) : single(next.charCodeAt(0));
    }
    return this.escapedSet();
  }
}
