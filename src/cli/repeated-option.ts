/**
 * The check every command runs on its parsed flags: a single-valued flag given twice is refused, since
 * `node:util`'s parseArgs would silently keep the last one (`--store a --store b` analyzing b).
 */

/** The first option of `tokens` (parseArgs with `tokens: true`) given more than once, outside `except`. */
export function repeatedOption(
  tokens: readonly { kind: string; name?: string }[],
  except: readonly string[] = [],
): string | undefined {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || except.includes(token.name)) continue;
    if (seen.has(token.name)) return token.name;
    seen.add(token.name);
  }
  return undefined;
}
