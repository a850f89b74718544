/**
 * The code samples of the docs, as a user copies them: every ```ts, ```tsx, ```js and ```jsx block of
 * README.md and docs/*.md, each type-checked as its own module against the source entries (the
 * tsconfig `paths` map `splitkit`, `splitkit/react`, … to src/, as for the examples). One program holds
 * every sample, so the whole check costs one type-check of src/.
 *
 * An HTML comment just above a fence (only blank lines between; invisible on the rendered page) may say more:
 *
 * - `<!-- sample: prelude` … `-->`: the lines between are put in front of the block, hidden from the reader:
 *   the declarations of what the page around the fragment already has (`declare const client: SplitkitClient;`,
 *   the app's `req` and `res`). The block itself must still compile as written.
 * - `<!-- sample: skip <reason> -->`: not checked (notation, not code). The reason is required.
 *
 * A line whose comment says `// error` (typed flags: `client.checkGate('new_chekout'); // error: …`) must not
 * compile: the compiler's errors on it are expected, and none is a problem.
 *
 * docs/development.md ("Code samples") documents the convention.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One fenced block, with where it is and what the comment above it said. */
export interface Sample {
  /** Markdown file, relative to the repository root (`docs/client.md`). */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: 'ts' | 'tsx' | 'js' | 'jsx';
  /** The block's lines with the fence's indentation removed. */
  code: string[];
  /** Columns of indentation removed from each line (a block inside a list item). */
  indent: number;
  /** Hidden lines put before the code, and the 1-based Markdown line of the first of them. */
  prelude: string[];
  preludeLine: number;
  /** Why the block is not checked, when its comment says `skip`. */
  skip?: string;
}

/** A problem with a sample: a compiler message, or a misused sample comment. */
export interface SampleProblem {
  file: string;
  line: number;
  message: string;
}

const LANGS: Record<string, Sample['lang']> = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', jsx: 'jsx' };
const FENCE = /^(\s*)(`{3,})\s*([\w-]*)\s*$/;

/** The code blocks of one Markdown text, and the problems of its sample comments. */
export function extractSamples(file: string, text: string): { samples: Sample[]; problems: SampleProblem[] } {
  const lines = text.split(/\r?\n/);
  const samples: Sample[] = [];
  const problems: SampleProblem[] = [];
  /** The sample comment that ends on the line just read, waiting for its fence. */
  let pending: { line: number; endLine: number; kind: string; rest: string; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const start = /^\s*<!--\s*sample:\s*([\w-]*)(.*)$/.exec(text);
    if (start) {
      if (pending) problems.push({ file, line: pending.line, message: 'sample comment not followed by a code block' });
      const kind = start[1]!;
      let rest = start[2]!;
      const body: string[] = [];
      let j = i;
      if (rest.includes('-->')) rest = rest.slice(0, rest.indexOf('-->'));
      else {
        for (j = i + 1; j < lines.length && !lines[j]!.includes('-->'); j++) body.push(lines[j]!);
        if (j === lines.length) {
          problems.push({ file, line: i + 1, message: 'sample comment never closed with -->' });
          break;
        }
        const tail = lines[j]!.slice(0, lines[j]!.indexOf('-->'));
        if (tail.trim() !== '') body.push(tail);
      }
      pending = { line: i + 1, endLine: j + 1, kind, rest: rest.trim(), body };
      i = j;
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      if (pending && text.trim() !== '') {
        problems.push({ file, line: pending.line, message: 'sample comment not followed by a code block' });
        pending = undefined;
      }
      continue;
    }
    const indent = fence[1]!.length;
    const ticks = fence[2]!;
    const lang = LANGS[fence[3]!];
    const code: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]!);
      if (close && close[2]!.length >= ticks.length && close[3] === '') break;
      code.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
    }
    if (j === lines.length) problems.push({ file, line: i + 1, message: 'code block never closed' });
    const comment = pending;
    pending = undefined;
    const fenceLine = i + 1;
    i = j;
    if (!lang) {
      if (comment) problems.push({ file, line: comment.line, message: `sample comment above a \`${fence[3]}\` block` });
      continue;
    }
    const sample: Sample = { file, line: fenceLine, lang, code, indent, prelude: [], preludeLine: 0 };
    if (comment?.kind === 'prelude' && comment.rest === '' && comment.body.length > 0) {
      sample.prelude = comment.body;
      sample.preludeLine = comment.line + 1;
    } else if (comment?.kind === 'skip' && comment.rest !== '' && comment.body.length === 0) {
      sample.skip = comment.rest;
    } else if (comment) {
      problems.push({
        file,
        line: comment.line,
        message:
          'a sample comment is `<!-- sample: skip <reason> -->` or `<!-- sample: prelude` then the hidden lines then `-->`',
      });
    }
    samples.push(sample);
  }
  if (pending) problems.push({ file, line: pending.line, message: 'sample comment not followed by a code block' });
  return { samples, problems };
}

/** README.md and docs/*.md of the repository at `root`, in a stable order. */
export function docsFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** The virtual file name of a sample: beside this file, so `react`, `zod` and the rest resolve from node_modules. */
function virtualName(root: string, sample: Sample): string {
  const base = sample.file.replace(/[^\w.-]+/g, '_');
  return join(root, 'test', 'docs', '.samples', `${base}_${sample.line}.${sample.lang}`);
}

/** The repository's compiler options (tsconfig.json, its `paths` included), as a user's strict project would have them. */
function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  return {
    ...parsed.options,
    noEmit: true,
    // A block without import or export is still its own module: two pages may both declare `client`.
    moduleDetection: ts.ModuleDetectionKind.Force,
    jsx: ts.JsxEmit.ReactJSX,
    allowJs: true,
    checkJs: true,
  };
}

/**
 * The files on disk (src/, the libraries' declarations) parsed once for every program of the process: they
 * do not change while the tests run, and parsing them is most of the cost of a program.
 */
const parsedFiles = new Map<string, ts.SourceFile>();

/** A comment that says the line does not compile, as a typed-flags sample shows: `// error: not a gate`. */
const EXPECTS_ERROR = /\/\/\s*error\b/;
/** A sample that changes declarations every module sees (`declare module 'splitkit'`, `declare global`). */
const AUGMENTS = /^\s*declare\s+(module\s|global\b)/m;

/**
 * Type-checks the samples (skipped ones left out): every compiler error, named by the Markdown file and line
 * it comes from, and every line whose comment says `// error` but which compiles. The samples share one
 * program, except the pages with a sample that augments a module (typed flags' `declare module 'splitkit'`):
 * each of those gets a program of its own, so its declarations reach only its own page. The source itself
 * is not re-checked here; `npm run typecheck` does that.
 */
export function checkSamples(root: string, samples: readonly Sample[]): Map<Sample, SampleProblem[]> {
  const options = compilerOptions(root);
  const checked = samples.filter((sample) => sample.skip === undefined);
  const isolated = new Set(
    checked.filter((s) => AUGMENTS.test([...s.prelude, ...s.code].join('\n'))).map((sample) => sample.file),
  );
  const groups = [checked.filter((sample) => !isolated.has(sample.file))];
  for (const file of isolated) groups.push(checked.filter((sample) => sample.file === file));

  const found = new Map<Sample, SampleProblem[]>();
  for (const group of groups) checkGroup(root, options, group, found);
  return found;
}

/** One program over `group`; its problems go into `found` by sample. */
function checkGroup(
  root: string,
  options: ts.CompilerOptions,
  group: readonly Sample[],
  found: Map<Sample, SampleProblem[]>,
): void {
  if (group.length === 0) return;
  const byName = new Map<string, { sample: Sample; text: string }>();
  for (const sample of group) {
    byName.set(virtualName(root, sample), { sample, text: [...sample.prelude, ...sample.code].join('\n') });
  }
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const virtual = byName.get(name);
    if (virtual) return ts.createSourceFile(name, virtual.text, languageVersion, true);
    // The files on disk (src/, the libraries' declarations) are parsed once for every program.
    let parsed = parsedFiles.get(name);
    if (!parsed) {
      parsed = getSourceFile(name, languageVersion, onError, shouldCreate);
      if (parsed) parsedFiles.set(name, parsed);
    }
    return parsed;
  };
  host.fileExists = (name) => byName.has(name) || fileExists(name);
  host.readFile = (name) => byName.get(name)?.text ?? readFile(name);
  const program = ts.createProgram({ rootNames: [...byName.keys()], options, host });

  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    throw new Error(`the samples' compiler options: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }
  for (const [name, { sample }] of byName) {
    const problems: SampleProblem[] = [];
    const source = program.getSourceFile(name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    const failedLines = new Set<number>();
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const at = diagnostic.start === undefined ? undefined : source.getLineAndCharacterOfPosition(diagnostic.start);
      if (!at) {
        problems.push({ file: sample.file, line: sample.line, message: `TS${diagnostic.code}: ${message}` });
        continue;
      }
      const inPrelude = at.line < sample.prelude.length;
      const codeLine = at.line - sample.prelude.length;
      if (!inPrelude && EXPECTS_ERROR.test(sample.code[codeLine]!)) {
        failedLines.add(codeLine);
        continue;
      }
      const line = inPrelude ? sample.preludeLine + at.line : sample.line + 1 + codeLine;
      const column = at.character + 1 + (inPrelude ? 0 : sample.indent);
      const where = inPrelude ? `col ${column} of the hidden prelude` : `col ${column}`;
      problems.push({ file: sample.file, line, message: `${where}: TS${diagnostic.code}: ${message}` });
    }
    sample.code.forEach((text, codeLine) => {
      if (EXPECTS_ERROR.test(text) && !failedLines.has(codeLine))
        problems.push({
          file: sample.file,
          line: sample.line + 1 + codeLine,
          message: 'its comment says `// error`, but the line compiles',
        });
    });
    found.set(sample, problems);
  }
}

/** Every sample of README.md and docs/*.md, and the problems of their sample comments. */
export function repositorySamples(root: string): { samples: Sample[]; problems: SampleProblem[] } {
  const samples: Sample[] = [];
  const problems: SampleProblem[] = [];
  for (const file of docsFiles(root)) {
    const found = extractSamples(file, readFileSync(join(root, file), 'utf8'));
    samples.push(...found.samples);
    problems.push(...found.problems);
  }
  return { samples, problems };
}

/** `docs/client.md:74: col 3: TS2304: Cannot find name 'user'.` */
export function formatProblem(problem: SampleProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}
