/**
 * A real `splitkit serve` process for the serve benches: the CLI from source
 * in a child process, on a free loopback port, with a ruleset file and an
 * events store in a fresh temporary directory.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running serve process. */
export interface ServeProcess {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The ruleset file it serves and watches. */
  rulesetFile: string;
  /** Stops the process (SIGTERM), waits for it to exit and removes the temporary directory. */
  stop(): Promise<void>;
}

/** Writes `ruleset` (JSON text) to a temporary file and starts `splitkit serve` on it; resolves once it listens. */
export async function startServe(ruleset: string): Promise<ServeProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-bench-serve-'));
  const rulesetFile = join(dir, 'ruleset.json');
  await writeFile(rulesetFile, ruleset);
  const child = fork(
    fileURLToPath(new URL('./cli.ts', import.meta.url)),
    ['serve', '--ruleset', rulesetFile, '--store', join(dir, 'events.ndjson'), '--port', '0', '--host', '127.0.0.1'],
    {
      // A profiled bench run should not profile the server too.
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
      silent: true,
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // Graceful shutdown is bounded in serve itself; this bounds the bench even if that breaks.
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    let out = '';
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const match = /listening on (http:\/\/[^\s]+:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`splitkit serve exited before listening:\n${out}`)));
    });
    // The access log keeps coming: it is read and dropped, so it neither fills the pipe nor the memory.
    child.stdout!.removeAllListeners('data').resume();
    child.stderr!.removeAllListeners('data').resume();
    return { origin, rulesetFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
