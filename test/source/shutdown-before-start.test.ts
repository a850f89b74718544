/**
 * A client shut down before its source's chunk has loaded (`createClient(...)` then `shutdown()` at once, as a
 * short script or a test does): the chunk starts stopped, so no request goes out at all, not even one it
 * would abort.
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';

it('the full client sends no ruleset request when shut down before the source chunk loads', async () => {
  const requests: string[] = [];
  const client = createClient({
    environment: 'server',
    source: {
      url: 'https://flags.example/ruleset.json',
      pollIntervalMs: 10,
      fetch: async (input) => {
        requests.push(String(input));
        return new Response('{}', { headers: { etag: '"v1"' } });
      },
    },
    onError: () => {},
  });
  await client.shutdown();
  expect(await client.ready()).toBe('none');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(requests).toEqual([]);
  expect(client.status().origin).toBe('none');
});
