/**
 * Estimates the work of a backtracking match of a pattern against a subject
 * of {@link MAX_REGEX_SUBJECT} characters, to refuse patterns whose work
 * grows as a high power of the subject's length (`.*a.*a.*a`), which the
 * nesting checks of safe-regex.ts let through.
 *
 * The model: a part that matches a variable number of characters can give
 * some back, and a later part can take them, when both can consume the same
 * characters and everything between them can match using only those. Along
 * such a chain of competing parts every split of the text is tried, so the
 * work is about the product of their ranges (each capped at the subject
 * length). An unanchored pattern is tried at every position, as if it began
 * with `[^]*`. Alternatives are tried one after another, so the work of the
 * costly ones adds up. The estimate errs on the high side: a few harmless
 * patterns are refused and can be rewritten (anchored, or with parts that
 * cannot take each other's characters); test/ruleset/regex-work.test.ts
 * times what it accepts.
 */
import { ANY, EMPTY, caseFold, intersection, intersects, union, type CharSet } from './char-set.js';
import type { RegexNode } from './regex-ast.js';
import { MAX_REGEX_SUBJECT } from './regex-subject.js';

/** The estimate, and the parts of its costliest chain (for the message). */
export interface RegexWork {
  /** Relative work: 1 for a fixed string, about n² for `^.*a.*b` on n characters. */
  work: number;
  chain: string[];
}

/** What the estimate knows of a node. */
interface Shape {
  /** Every character it can consume. */
  chars: CharSet;
  /** Shortest and longest match, in characters (`Infinity`: unbounded). */
  min: number;
  max: number;
  /** Work of its own nested chains and alternatives, for one given stretch of text. */
  inner: number;
  /** Zero-width (an assertion or lookaround): it can end a chain but not pass characters on. */
  zeroWidth: boolean;
  chain: string[];
}

/** Ways a part can split the subject: its length range, capped at the subject's length. */
const SUBJECT_WAYS = MAX_REGEX_SUBJECT + 1;

/** The start of an unanchored pattern: the engine retries it at every position. */
const SEARCH: Shape = {
  chars: ANY,
  min: 0,
  max: Infinity,
  inner: 1,
  zeroWidth: false,
  chain: ['the unanchored start'],
};

/** Work of `root`, parsed from a pattern compiled with the `i` flag when `ignoreCase`. */
export function regexWork(root: RegexNode, ignoreCase: boolean): RegexWork {
  const estimator = new Estimator(ignoreCase);
  const items = root.kind === 'seq' ? root.items : [root];
  const first = items[0];
  const anchored = first?.kind === 'assert' && first.start === true;
  const shapes = items.map((item) => estimator.shape(item));
  const whole = estimator.sequence(anchored ? shapes : [SEARCH, ...shapes], anchored ? items : [undefined, ...items]);
  return { work: work(whole), chain: whole.chain };
}

function spread(shape: Pick<Shape, 'min' | 'max'>): number {
  return shape.max === Infinity ? SUBJECT_WAYS : Math.min(SUBJECT_WAYS, shape.max - shape.min + 1);
}

/** A part's weight in a chain: its nested work or the splits its length allows, whichever is more. */
function work(shape: Shape): number {
  return Math.max(shape.inner, spread(shape));
}

class Estimator {
  constructor(private readonly ignoreCase: boolean) {}

  shape(node: RegexNode): Shape {
    switch (node.kind) {
      case 'chars':
        return { chars: this.fold(node.set), min: 1, max: 1, inner: 1, zeroWidth: false, chain: [] };
      case 'look': {
        const body = this.shape(node.body);
        return { chars: body.chars, min: 0, max: 0, inner: work(body), zeroWidth: true, chain: body.chain };
      }
      case 'seq':
        return this.sequence(
          node.items.map((item) => this.shape(item)),
          node.items,
        );
      case 'alt':
        return this.alternation(node.options.map((option) => this.shape(option)));
      case 'repeat':
        return this.repeat(node, this.shape(node.body));
      default:
        return { chars: EMPTY, min: 0, max: 0, inner: 1, zeroWidth: true, chain: [] };
    }
  }

  /** `shapes` in order; `nodes` are their nodes (undefined for the unanchored start). */
  sequence(shapes: readonly Shape[], nodes: readonly (RegexNode | undefined)[]): Shape {
    // best[j]: the costliest chain that ends with part j.
    const best: { work: number; chain: string[] }[] = [];
    // reach[i]: the first part after i that cannot match using i's characters; no chain link from i passes it.
    const reach: number[] = [];
    // Parts that can pass characters on, costliest chain first.
    const links: number[] = [];
    let top = { work: 1, chain: [] as string[] };
    for (let j = 0; j < shapes.length; j++) {
      const shape = shapes[j] as Shape;
      let before = { work: 1, chain: [] as string[] };
      if (work(shape) > 1) {
        for (const i of links) {
          if ((reach[i] as number) < j) continue;
          if (this.competes(shapes, nodes, i, j)) {
            before = best[i] as { work: number; chain: string[] };
            break;
          }
        }
      }
      const own = work(shape);
      const chain = { work: before.work * own, chain: own > 1 ? [...before.chain, ...shape.chain] : before.chain };
      best.push(chain);
      if (chain.work > top.work) top = chain;
      reach.push(this.reach(shapes, nodes, j));
      if (own > 1 && !shape.zeroWidth) {
        links.push(j);
        links.sort((a, b) => (best[b] as { work: number }).work - (best[a] as { work: number }).work);
      }
    }
    let min = 0;
    let max = 0;
    let chars: CharSet = EMPTY;
    for (const shape of shapes) {
      min += shape.min;
      max += shape.max;
      chars = union(chars, shape.chars);
    }
    return { chars, min, max, inner: top.work, zeroWidth: shapes.every((shape) => shape.zeroWidth), chain: top.chain };
  }

  /** The index of the first part after `i` that cannot match using only part i's characters (or the length). */
  private reach(shapes: readonly Shape[], nodes: readonly (RegexNode | undefined)[], i: number): number {
    const from = shapes[i] as Shape;
    if (from.zeroWidth || work(from) === 1) return i;
    let k = i + 1;
    while (k < shapes.length && this.matchesWithin(nodes[k] as RegexNode, from.chars)) k++;
    return k;
  }

  /** Can part `j` take characters part `i` gives back, across what lies between them? */
  private competes(shapes: readonly Shape[], nodes: readonly (RegexNode | undefined)[], i: number, j: number): boolean {
    const shared = intersection((shapes[i] as Shape).chars, (shapes[j] as Shape).chars);
    if (shared.length === 0) return false;
    for (let k = i + 1; k < j; k++) {
      const between = nodes[k];
      if (between !== undefined && !this.matchesWithin(between, shared)) return false;
    }
    return true;
  }

  private alternation(options: readonly Shape[]): Shape {
    let chars: CharSet = EMPTY;
    let min = Infinity;
    let max = 0;
    // Fixed alternatives fail or pass at once; the costly ones each do their full work.
    let costly = 0;
    let heaviest: Shape | undefined;
    for (const option of options) {
      chars = union(chars, option.chars);
      min = Math.min(min, option.min);
      max = Math.max(max, option.max);
      const weight = work(option);
      if (weight > 1) costly += weight;
      if (heaviest === undefined || weight > work(heaviest)) heaviest = option;
    }
    return {
      chars,
      min,
      max,
      inner: Math.max(1, costly),
      zeroWidth: options.every((option) => option.zeroWidth),
      chain: heaviest?.chain ?? [],
    };
  }

  private repeat(node: Extract<RegexNode, { kind: 'repeat' }>, body: Shape): Shape {
    const min = node.min * body.min;
    const max = node.max === 0 || body.max === 0 ? 0 : node.max * body.max;
    // Each repetition can redo the body's own work (safe-regex.ts refuses the unbounded cases of this).
    const inner = node.max > 1 && body.inner > 1 ? body.inner ** Math.min(node.max, SUBJECT_WAYS) : body.inner;
    const shape: Shape = { chars: body.chars, min, max, inner, zeroWidth: body.zeroWidth, chain: body.chain };
    if (spread(shape) > 1 && spread(shape) >= inner) shape.chain = [node.source];
    return shape;
  }

  /** Can `node` match some text made only of `chars`? Assertions and lookarounds are assumed to pass. */
  private matchesWithin(node: RegexNode, chars: CharSet): boolean {
    switch (node.kind) {
      case 'chars':
        return intersects(this.fold(node.set), chars);
      case 'seq':
        return node.items.every((item) => this.matchesWithin(item, chars));
      case 'alt':
        return node.options.some((option) => this.matchesWithin(option, chars));
      case 'repeat':
        return node.min === 0 || this.matchesWithin(node.body, chars);
      default:
        return true;
    }
  }

  private fold(set: CharSet): CharSet {
    return this.ignoreCase ? caseFold(set) : set;
  }
}
