/** Runs `splitkit collect` from source in a child process, as a user would. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../fixtures/cli.ts', import.meta.url));

/** A running CLI child. */
export interface ChildCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string | RegExp): Promise<string>;
  /** Resolves when the process has exited (and been reaped). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `splitkit <args>` with `node --import tsx`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildCli {
  return spawnTsx(cli, args, env);
}

/** Spawns the TypeScript file `script` with `node --import tsx`, in the repo's root (the same for any script: an example, the CLI). */
export function spawnTsx(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildCli {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const wake of waiters.splice(0)) wake();
      resolve({ code, signal });
    }),
  );
  const waitFor = async (text: string | RegExp): Promise<string> => {
    for (;;) {
      const match = typeof text === 'string' ? (out.includes(text) ? text : null) : (text.exec(out)?.[0] ?? null);
      if (match !== null) return match;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`CLI exited before printing ${String(text)}:\n${out}\n${err}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}

/** Starts `splitkit collect` on a free port and resolves with the batch URL it printed. */
export async function spawnCollector(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildCli & { url: string }> {
  const cli = spawnCli(['collect', '--port', '0', ...args], env);
  const line = await cli.waitFor(/listening on (\S+)/);
  return { ...cli, url: line.replace('listening on ', '') };
}
