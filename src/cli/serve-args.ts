/**
 * Parsing `splitkit serve` arguments: `--ruleset`, `--key` and `--max-streams` are serve's
 * own; every other option is the collector's and goes through
 * `parseCollectArgs`, so both commands take `--store`, `--port`, `--host`,
 * `--secret`, `--cors`, … alike.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_STREAMS } from '../serve/ruleset-route.js';
import { HEALTH_PATH, RULESET_PATH } from '../serve/serve-handler.js';
import { integer, parseCollectArgs } from './collect-args.js';
import type { CollectArgs } from './collect-args.js';

/** What `splitkit serve` was asked to do. */
export interface ServeArgs {
  help: boolean;
  /** The ruleset JSON file to serve. */
  ruleset: string;
  /** PKCS#8 PEM Ed25519 private key file; responses are signed when given. */
  key: string | undefined;
  /** Ruleset streams open at once (they are not counted in the collector's `--max-connections`). */
  maxStreams: number;
  /** The collector's options. */
  collect: CollectArgs;
}

/** Parsed arguments, or the usage error to print. */
export type ParsedServeArgs = { ok: true; args: ServeArgs } | { ok: false; error: string };

const OWN = {
  ruleset: 'the ruleset JSON file to serve',
  key: 'a PEM private key file from `splitkit keygen`',
  'max-streams': 'the most ruleset streams open at once',
} as const;

type OwnName = keyof typeof OWN;

const isOwn = (name: string): name is OwnName => Object.hasOwn(OWN, name);

/** Parses `argv` (after `serve`); `env` supplies `SPLITKIT_COLLECTOR_SECRET`. Every problem found is in `error`, one a line. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedServeArgs {
  // Non-strict tokens find serve's own options wherever they are; the rest is handed on untouched.
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: { ruleset: { type: 'string' }, key: { type: 'string' }, 'max-streams': { type: 'string' } },
  });
  const own: Partial<Record<OwnName, string>> = {};
  const taken = new Set<number>();
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || !isOwn(token.name)) continue;
    const name = token.name;
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      problems.push(`--${name} needs a value: ${OWN[name]}`);
      // Its would-be value is another option: it is handed on to be parsed as one.
      taken.add(token.index);
      continue;
    }
    taken.add(token.index);
    if (!token.inlineValue) taken.add(token.index + 1);
    if (own[name] !== undefined) problems.push(`--${name} given twice`);
    else if (token.value === '') problems.push(`--${name} needs a value: ${OWN[name]}`);
    else own[name] = token.value;
  }
  const rest = argv.filter((_, index) => !taken.has(index));
  const collect = parseCollectArgs(rest, env, ({ path }) =>
    path === RULESET_PATH || path === HEALTH_PATH ? [`--path: ${path} is taken by serve itself`] : [],
  );
  const maxStreams = own['max-streams'] === undefined ? DEFAULT_MAX_STREAMS : integer(own['max-streams'], 1);
  if (collect.ok && collect.args.help)
    return {
      ok: true,
      args: { help: true, ruleset: '', key: undefined, maxStreams: maxStreams ?? 0, collect: collect.args },
    };
  if (own.ruleset === undefined && !problems.some((problem) => problem.startsWith('--ruleset ')))
    problems.unshift(`missing --ruleset (${OWN.ruleset})`);
  if (maxStreams === undefined)
    problems.push(`--max-streams must be a positive whole number, got '${own['max-streams']}'`);
  if (!collect.ok) problems.push(collect.error);
  if (problems.length > 0 || !collect.ok || own.ruleset === undefined || maxStreams === undefined)
    return { ok: false, error: problems.join('\n') };
  return { ok: true, args: { help: false, ruleset: own.ruleset, key: own.key, maxStreams, collect: collect.args } };
}
