/**
 * The `splitkit` command lines of README.md and docs/*.md (in code blocks, and in `inline code` that starts
 * with `splitkit `) name only commands and options the CLI has: each `--option` is looked up in the help
 * text the command itself prints (`splitkit <command> --help`), so a renamed or removed option fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { docsFiles } from './samples.js';

const root = join(import.meta.dirname, '..', '..');

/** One `splitkit …` command line of a page. */
interface CommandLine {
  file: string;
  line: number;
  command: string;
  options: string[];
  text: string;
}

/** The command in `text` when it is one (`splitkit x …`, `npx splitkit x …`, after a `$ ` prompt or a pipe). */
function commandsIn(text: string): { command: string; options: string[]; text: string }[] {
  const found: { command: string; options: string[]; text: string }[] = [];
  for (const part of text.split(/\s*(?:\|\||&&|\||;)\s*/)) {
    // A command is a word: `splitkit serve: …` is a line the CLI printed, `splitkit <command>` a placeholder.
    const match = /^(?:\$\s+)?(?:npx\s+)?splitkit\s+([a-z]+)(?=\s|$)(.*)$/.exec(part.trim());
    if (!match) continue;
    const options = [...match[2]!.matchAll(/(?:^|[\s[])(--?[a-z][\w-]*)/g)].map((m) => m[1]!);
    found.push({ command: match[1]!, options, text: part.trim() });
  }
  return found;
}

/** Every command line of one page: lines of fenced blocks (continuations joined) and inline code spans. */
function commandLines(file: string, markdown: string): CommandLine[] {
  const lines = markdown.split(/\r?\n/);
  const found: CommandLine[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const marker = /^\s*(`{3,})/.exec(text);
    if (marker && (fence === undefined || marker[1]!.length >= fence.length)) {
      fence = fence === undefined ? marker[1] : undefined;
      continue;
    }
    if (fence !== undefined) {
      let joined = text;
      const start = i;
      while (joined.endsWith('\\') && i + 1 < lines.length) joined = `${joined.slice(0, -1)} ${lines[++i]!.trim()}`;
      for (const command of commandsIn(joined)) found.push({ file, line: start + 1, ...command });
      continue;
    }
    for (const span of text.matchAll(/`([^`]+)`/g)) {
      for (const command of commandsIn(span[1]!)) found.push({ file, line: i + 1, ...command });
    }
  }
  return found;
}

/** What each command prints for `--help` (undefined: no such command). */
async function helpTexts(commands: Iterable<string>): Promise<Map<string, string | undefined>> {
  const help = new Map<string, string | undefined>();
  for (const command of new Set(commands)) {
    let out = '';
    const code = await main([command, '--help'], { out: (text) => (out += text), err: () => {} });
    help.set(command, code === 0 ? out : undefined);
  }
  return help;
}

/** The unknown commands and options of `lines`, each named by page and line. */
function wrongIn(lines: readonly CommandLine[], help: Map<string, string | undefined>): string[] {
  const wrong: string[] = [];
  for (const line of lines) {
    const text = help.get(line.command);
    if (text === undefined) {
      wrong.push(`${line.file}:${line.line}: no command "${line.command}" (${line.text})`);
      continue;
    }
    for (const option of line.options) {
      if (!new RegExp(`(^|[\\s,\\[])${option}(?![\\w-])`, 'm').test(text))
        wrong.push(`${line.file}:${line.line}: splitkit ${line.command} has no option ${option} (${line.text})`);
    }
  }
  return wrong;
}

describe('the splitkit command lines of README.md and docs/*.md', () => {
  let help: Map<string, string | undefined>;
  let all: CommandLine[];

  beforeAll(async () => {
    all = docsFiles(root).flatMap((file) => commandLines(file, readFileSync(join(root, file), 'utf8')));
    help = await helpTexts(all.map((line) => line.command));
  });

  it('are found in code blocks and inline code, continuation lines joined', () => {
    const commands = new Set(all.map((line) => line.command));
    for (const command of ['serve', 'validate', 'keygen', 'sign', 'collect', 'analyze', 'types'])
      expect(commands).toContain(command);
    expect(all.some((line) => line.command === 'analyze' && line.options.includes('--guardrail'))).toBe(true);
  });

  it('name commands the CLI has, and options of those commands', () => {
    expect(wrongIn(all, help)).toEqual([]);
  });
});

describe('the command-line check', () => {
  it('names an option the command lacks, and a command the CLI lacks', async () => {
    const page = [
      '```sh',
      'npx splitkit serve --ruleset r.json --store e.ndjson --tiemout 5s',
      'npx splitkit collect --store e.ndjson --max-body 1024 --cors "*"',
      '```',
      'Then `splitkit publish r.json`.',
    ].join('\n');
    const lines = commandLines('docs/x.md', page);
    expect(wrongIn(lines, await helpTexts(lines.map((line) => line.command)))).toEqual([
      'docs/x.md:2: splitkit serve has no option --tiemout (npx splitkit serve --ruleset r.json --store e.ndjson --tiemout 5s)',
      'docs/x.md:5: no command "publish" (splitkit publish r.json)',
    ]);
  });

  it('reads prompts, npx, pipes, continuations and inline code, and leaves output lines alone', () => {
    const page = [
      'Run `npx splitkit collect --port 0 --store x` or `splitkit_did`.',
      '```sh',
      '$ npx splitkit analyze --store a \\',
      '  --metric m:conversion --cuped=7d',
      '# splitkit collector listening on http://127.0.0.1:8787/events',
      'splitkit serve: ruleset.json changed but cannot be served',
      'git show HEAD:r.json | npx splitkit validate -',
      '```',
    ].join('\n');
    expect(commandLines('docs/x.md', page).map(({ line, command, options }) => ({ line, command, options }))).toEqual([
      { line: 1, command: 'collect', options: ['--port', '--store'] },
      { line: 3, command: 'analyze', options: ['--store', '--metric', '--cuped'] },
      { line: 7, command: 'validate', options: [] },
    ]);
  });
});
