/**
 * What examples/node-server/README.md promises beyond the first page view (node-server.test.ts has those):
 * `/?bootstrap=0` renders without a bootstrap; an edit of the ruleset file while both processes run is
 * rendered by a later request, pushed by `splitkit serve`; and SIGTERM stops the example after it delivered
 * its client's events (a login's identify event is in serve's store when the process has exited, well
 * before the server client's 5 s flush interval would have sent it); COOKIE_SECURE=1 marks its cookies Secure.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageConfig } from '../../examples/node-server/page.js';
import { EXAMPLE_RULESET, startExample, type ExampleProcesses } from './support/processes.js';
import { storedEvents } from './support/stored-events.js';

async function page(origin: string, path = '/', headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}${path}`, { headers });
  expect(response.status).toBe(200);
  const html = await response.text();
  const config = JSON.parse(
    /<script type="application\/json" id="splitkit-config">([^<]*)<\/script>/.exec(html)![1]!,
  ) as PageConfig;
  const threshold = /data-flag="threshold">([^<]*)</.exec(html)?.[1];
  return { html, config, threshold, setCookie: response.headers.get('set-cookie') ?? '' };
}

describe('examples/node-server, as its README runs it', () => {
  let run: ExampleProcesses;
  let dir: string;
  let ruleset: string;

  beforeAll(async () => {
    // A copy, edited by the test as the README suggests editing the example's file.
    dir = await mkdtemp(join(tmpdir(), 'splitkit-example-ruleset-'));
    ruleset = join(dir, 'ruleset.json');
    await copyFile(EXAMPLE_RULESET, ruleset);
    run = await startExample(ruleset);
  });

  afterAll(async () => {
    await run?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders /?bootstrap=0 with the flags in the HTML and no bootstrap for the browser', async () => {
    const withBootstrap = await page(run.exampleOrigin);
    expect(withBootstrap.config.bootstrap).toMatchObject({ splitkit: 1, mode: 'values' });
    const without = await page(run.exampleOrigin, '/?bootstrap=0');
    expect(without.config.bootstrap).toBeUndefined();
    expect(without.threshold).toBe('50');
  });

  it('renders an edit of the ruleset file on a later request, pushed by splitkit serve', async () => {
    expect((await page(run.exampleOrigin, '/', { 'x-country': 'CA' })).threshold).toBe('75');
    const edited = JSON.parse(await readFile(ruleset, 'utf8'));
    edited.revision = 'node-server-2';
    edited.params.free_shipping_threshold.rules[0].value = 80;
    await writeFile(ruleset, JSON.stringify(edited));
    // serve watches the file and pushes it on the example's stream; bounded wait for it to arrive.
    const deadline = Date.now() + 15_000;
    let threshold: string | undefined;
    do {
      threshold = (await page(run.exampleOrigin, '/', { 'x-country': 'CA' })).threshold;
      if (threshold !== '80') await new Promise((resolve) => setTimeout(resolve, 100));
    } while (threshold !== '80' && Date.now() < deadline);
    expect(threshold).toBe('80');
    expect(run.serve.stdout()).toMatch(/pushed to 1 stream/);
  });

  it("stops on SIGTERM after delivering its client's events", async () => {
    const visitor = await page(run.exampleOrigin);
    const cookie = visitor.setCookie.split(';')[0]!;
    await page(run.exampleOrigin, '/', { cookie, 'x-user-id': 'u-sigterm' });
    run.example.child.kill('SIGTERM');
    await run.example.exited;
    expect(run.example.child.exitCode).toBe(0);
    const links = (await storedEvents(run.eventsFile, visitor.config.user.deviceID)).filter(
      (event) => event.type === 'identify',
    );
    expect(links.map((event) => event.units?.userID)).toEqual(['u-sigterm']);
  });
});

describe('examples/node-server with COOKIE_SECURE=1', () => {
  let run: ExampleProcesses;
  beforeAll(async () => {
    run = await startExample(EXAMPLE_RULESET, { COOKIE_SECURE: '1' });
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('marks its cookies Secure', async () => {
    const response = await fetch(`${run.exampleOrigin}/`, { headers: { 'x-user-id': 'u1' } });
    await response.text();
    const cookies = response.headers.getSetCookie();
    expect(cookies.map((cookie) => cookie.split('=')[0])).toEqual(['splitkit_did', 'example_linked']);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure(;|$)/);
  });
});
