/**
 * A collector URL that cannot be parsed where the client runs (a relative `collector: { url: '/events' }` on a
 * server, where React renders the page's client): createClient still works, the first delivery attempt reports
 * it once, naming the option and the URL, and no attempt follows. Queued and later events are dropped, and
 * `flush()` and `shutdown()` resolve at once instead of waiting for retries or the deadline.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createClient, createFetchTransport, type SplitkitError } from '../../src/index.js';
import { ManualScheduler } from '../events/helpers.js';
import { within } from '../support/within.js';

afterEach(() => vi.restoreAllMocks());

/** A server client posting to a relative collector URL, with the reports it makes and its clock. */
function relativeCollectorClient() {
  const scheduler = new ManualScheduler();
  const errors: SplitkitError[] = [];
  const client = createClient({
    ruleset: {},
    environment: 'server',
    collector: { url: '/events' },
    user: { userID: 'u' },
    scheduler,
    onError: (error) => errors.push(error),
  });
  return { client, errors, scheduler };
}

it('a relative collector URL on a server: reported once, nothing retried, flush and shutdown resolve at once', async () => {
  const fetchSpy = vi.spyOn(globalThis, 'fetch');
  const { client, errors, scheduler } = relativeCollectorClient();
  client.track('a');
  client.track('b');
  // The flush interval (5 s on a server) sends the first batch.
  await scheduler.advance(5_000);
  await vi.waitFor(() => expect(errors).toHaveLength(1));
  expect(errors[0]!.code).toBe('INVALID_OPTIONS');
  expect(errors[0]!.message).toMatch(/^collector\.url "\/events" cannot be parsed/);
  expect(errors[0]!.message).toContain('2 event(s) dropped');

  // An hour later: no attempt, no report.
  await scheduler.advance(3_600_000);
  client.track('c');
  expect(await within(client.flush())).toBeUndefined();
  await scheduler.advance(3_600_000);
  // What the final stop reported: the 2 events it dropped were not delivered.
  const report = await within(client.shutdown());
  expect(report).toMatchObject({ delivered: false, undelivered: 2, dropped: 2 });
  expect(client.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 0, dropped: 3, retried: 0 });
  expect(errors).toHaveLength(1);
  expect(fetchSpy).not.toHaveBeenCalled();
});

it('shutdown() with events queued resolves once the first attempt fails, well before its deadline', async () => {
  const { client, errors } = relativeCollectorClient();
  client.track('a');
  // The scheduler never moves: the deadline (10 s) cannot be what ends it.
  const report = await within(client.shutdown());
  expect(report).toMatchObject({ delivered: false, undelivered: 1, dropped: 1 });
  expect(errors.map((error) => error.code)).toEqual(['INVALID_OPTIONS']);
});

/** A server client posting to `url`, with the first delivery attempt made; its reports in `errors`. */
async function attempted(url: string) {
  const scheduler = new ManualScheduler();
  const errors: SplitkitError[] = [];
  const client = createClient({
    ruleset: {},
    environment: 'server',
    collector: { url },
    user: { userID: 'u' },
    scheduler,
    onError: (error) => errors.push(error),
  });
  client.track('a');
  await scheduler.advance(5_000);
  await vi.waitFor(() => expect(errors).toHaveLength(1));
  // An hour of retries would report again.
  await scheduler.advance(3_600_000);
  return { client, errors };
}

/** Every message of `errors` and of their causes. */
const messages = (errors: unknown[]): string[] =>
  errors.flatMap((error) => (error instanceof Error ? [error.message, ...messages([error.cause])] : []));

it('the report names the URL without its query string, fragment or credentials', async () => {
  const fetchSpy = vi.spyOn(globalThis, 'fetch');
  for (const url of ['/events?api_key=s3cret#t0ken', 'https://user:pa55word@[collector/events#t0ken']) {
    const { errors } = await attempted(url);
    expect(errors[0]!.message).toMatch(
      /^collector\.url "(\/events|https:\/\/\[collector\/events)" cannot be parsed here: no event can be sent/,
    );
    expect(messages(errors).join('\n')).not.toMatch(/s3cret|t0ken|api_key|user|pa55word/);
  }
  expect(fetchSpy).not.toHaveBeenCalled();
});

it('createFetchTransport used directly names its own option, url', async () => {
  const request = { signal: new AbortController().signal };
  const unparseable = 'http://me:pa55word@[collector/events?key=s3cret';
  await expect(createFetchTransport({ url: unparseable })({ events: [] } as never, request)).rejects.toThrow(
    /^url "http:\/\/\[collector\/events" cannot be parsed here$/,
  );
  // The app's own fetch may resolve it: it gets the URL as given.
  const own = vi.fn(async () => new Response('{}'));
  await createFetchTransport({ url: '/e?key=s3cret', fetch: own })({ events: [] } as never, request);
  expect(own).toHaveBeenCalledWith('/e?key=s3cret', expect.anything());
});
