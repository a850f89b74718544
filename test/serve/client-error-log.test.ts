/**
 * `splitkit serve`'s access log covers the requests Node's HTTP parser answers itself: a malformed request
 * (400), headers over the limit (431) and headers that did not arrive within --headers-timeout (408). They
 * never reach the request handler, so none got a line, and an operator asking why a client gets 408s found
 * nothing. The answers stay Node's own.
 */
import { connect } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServe } from './support/spawn-serve.js';
import type { ChildCli } from '../collector/support/child-collector.js';

const RULESET = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8');

describe('splitkit serve access log for requests the parser refuses', () => {
  let dir: string;
  let cli: ChildCli;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-client-error-'));
    await writeFile(join(dir, 'ruleset.json'), RULESET);
    ({ cli, port } = await spawnServe(dir, ['--headers-timeout', '500ms']));
  });

  afterAll(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  /** Sends `request` on a connection of its own and resolves with all the server answered before closing it. */
  const send = (request: string) =>
    new Promise<string>((resolve) => {
      let answer = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve(answer));
    });

  it('logs a malformed request, one with headers over the limit, and one whose headers came too late', async () => {
    expect(await send('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    await cli.waitFor('- - 400 0.0ms (bad request: HPE_INVALID_METHOD)');

    const huge = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect(await send(huge)).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    await cli.waitFor('- - 431 0.0ms (bad request: HPE_HEADER_OVERFLOW)');

    expect(await send('GET /healthz HTTP/1.1\r\nHost: x\r\n')).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    await cli.waitFor('- - 408 0.0ms (request timeout: the headers did not arrive within --headers-timeout)');
    // A connection that sends nothing (a browser's preconnect) gets Node's 408 at the timeout, but no line: it
    // asked nothing.
    expect(await send('')).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    // A client that resets its connection after its answer asked nothing wrong: no line for that.
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.once('data', () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    await cli.waitFor('GET /healthz 200');
    // A request after it, so its line would be in by then.
    expect(await send('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    await cli.waitFor(/GET \/healthz 200[\s\S]*GET \/healthz 200/);
    // Each once: no line twice, and no other line for them.
    expect(cli.stdout().match(/^- - /gm)).toHaveLength(3);
  }, 30_000);
});
