/**
 * `npm run check:package`: packs the package once and checks the tarball with
 * publint (strict: warnings fail) and attw (are the types wrong?, every
 * resolution: every `import` and `require` of every entry resolves to matching
 * JavaScript and types, and `moduleResolution: node` (node10) finds each
 * subpath's types through `typesVersions`). Prints one line when both pass, else only what failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const directory = mkdtempSync(join(tmpdir(), 'splitkit-pack-'));
const failures: string[] = [];
try {
  const pack = run('npm', ['pack', '--silent', '--pack-destination', directory]);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const tarball = join(directory, readdirSync(directory).find((name) => name.endsWith('.tgz'))!);

  const publint = run(bin('publint'), ['run', tarball, '--strict']);
  if (publint.status !== 0) {
    // Its progress lines ("Running…", "Packing…", "Linting…") say nothing about the problems.
    const problems = `${publint.stdout}${publint.stderr}`
      .split('\n')
      .filter((line) => line.trim() && !/^(Running|Packing|Unpacking|Linting)\b/.test(line));
    failures.push(`publint:\n${problems.join('\n')}`);
  }

  // Every resolution, node10 included: TypeScript projects still on `moduleResolution: node` find the subpaths'
  // types through `typesVersions` (they do not read `exports`).
  const attw = run(bin('attw'), [tarball, '--format', 'json']);
  if (attw.status !== 0) {
    let problems: string[];
    try {
      const report = JSON.parse(attw.stdout) as {
        analysis?: { problems?: { kind: string; entrypoint?: string; resolutionKind?: string }[] };
      };
      problems = (report.analysis?.problems ?? []).map(
        (problem) =>
          `  ${problem.entrypoint ?? '(package)'}${problem.resolutionKind ? ` (${problem.resolutionKind})` : ''}: ${problem.kind}`,
      );
    } catch {
      problems = [`${attw.stdout}${attw.stderr}`];
    }
    failures.push(
      `attw (https://github.com/arethetypeswrong/arethetypeswrong.github.io/tree/main/docs/problems):\n${problems.join('\n')}`,
    );
  }
} catch (error) {
  failures.push(String(error instanceof Error ? error.message : error));
} finally {
  rmSync(directory, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`package checks failed\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('package checks: publint (strict) and attw (every resolution, node10 included) found nothing');
