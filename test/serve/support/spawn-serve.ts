import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ChildCli, spawnCli } from '../../collector/support/child-collector.js';

/**
 * Starts `splitkit serve` as a process on `dir`'s ruleset.json (the caller writes it), storing events in
 * `dir`/events.ndjson, on a free port, with `args` added; resolves once it listens.
 */
export async function spawnServe(
  dir: string,
  args: string[] = [],
): Promise<{ cli: ChildCli; origin: string; port: number }> {
  const cli = spawnCli([
    'serve',
    '--ruleset',
    join(dir, 'ruleset.json'),
    '--store',
    join(dir, 'events.ndjson'),
    '--port',
    '0',
    ...args,
  ]);
  const origin = (await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
  return { cli, origin, port: Number(new URL(origin).port) };
}

/**
 * Replaces `dir`'s ruleset.json with `text` as a deploy should (write aside, then rename over): a plain write is
 * seen truncated first on a busy machine, and serve rightly warns that it cannot serve the empty file.
 */
export async function publishRuleset(dir: string, text: string): Promise<void> {
  await writeFile(join(dir, 'ruleset.json.next'), text);
  await rename(join(dir, 'ruleset.json.next'), join(dir, 'ruleset.json'));
}
