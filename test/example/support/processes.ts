/**
 * The node-server example as a user runs it: `splitkit serve` and the example
 * server, each its own process on a free loopback port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnCli, spawnTsx, type ChildCli } from '../../collector/support/child-collector.js';

/** The example's ruleset file. */
export const EXAMPLE_RULESET = fileURLToPath(new URL('../../../examples/node-server/ruleset.json', import.meta.url));
const EXAMPLE_MAIN = fileURLToPath(new URL('../../../examples/node-server/main.ts', import.meta.url));

/** Both processes, their origins, and the events file serve writes. */
export interface ExampleProcesses {
  serve: ChildCli;
  example: ChildCli;
  serveOrigin: string;
  exampleOrigin: string;
  eventsFile: string;
  /** SIGTERM to both, waits for them to exit, removes the temporary directory. */
  stop(): Promise<void>;
}

async function stopChild(cli: ChildCli | undefined): Promise<void> {
  if (!cli) return;
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), 5_000);
  await cli.exited;
  clearTimeout(timer);
}

/**
 * Starts `splitkit serve` (any origin may read it: the page's origin is only known later) and the example,
 * serving `ruleset` (default: the example's own file), with `env` added to the example's environment.
 */
export async function startExample(ruleset = EXAMPLE_RULESET, env: NodeJS.ProcessEnv = {}): Promise<ExampleProcesses> {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-example-'));
  const eventsFile = join(dir, 'events.ndjson');
  let serve: ChildCli | undefined;
  let example: ChildCli | undefined;
  const stop = async (): Promise<void> => {
    // The example first: its client flushes to serve on the way out.
    await stopChild(example);
    await stopChild(serve);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    serve = spawnCli(['serve', '--ruleset', ruleset, '--store', eventsFile, '--port', '0', '--cors', '*']);
    const serveOrigin = (await serve.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
    example = spawnTsx(EXAMPLE_MAIN, [], { ...env, SPLITKIT_SERVE: serveOrigin, PORT: '0' });
    const exampleOrigin = (await example.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/)).replace(
      'listening on ',
      '',
    );
    return { serve, example, serveOrigin, exampleOrigin, eventsFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
