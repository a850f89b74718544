/**
 * `splitkit serve`'s access log covers the connections its cap refuses: their 503 never reaches the request
 * handler, and an operator asking why clients get 503s must find it in the log.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServe } from './support/spawn-serve.js';

const RULESET = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8');

describe('splitkit serve access log', () => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('writes a line for a connection refused by --max-connections', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-cap-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'ruleset.json'), RULESET);
    const { cli, port } = await spawnServe(dir, ['--max-connections', '1']);
    cleanup.push(async () => {
      cli.child.kill('SIGKILL');
      await cli.exited;
    });
    const opened: Socket[] = [];
    cleanup.push(() => opened.forEach((socket) => socket.destroy()));
    const open = () =>
      new Promise<Socket>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        opened.push(socket);
      });
    // The one slot, held by an idle connection.
    await open();
    const second = await open();
    let answer = '';
    second.on('data', (chunk) => (answer += chunk.toString()));
    second.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => second.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    await cli.waitFor('- - 503 0.0ms (connection refused: too many connections)');
  }, 30_000);
});
