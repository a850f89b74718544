/**
 * `identify(user)` given what is no user object (a server passing `req.session?.user` while logged out, a cookie's
 * id by mistake). It was reported as `IDENTIFY_FAILED: TypeError: Cannot convert undefined or null to object`,
 * which names neither the method's argument nor the problem; it now reads as setUser's and snapshot's reports do.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type SplitkitError } from '../../src/index.js';
import type { EventBatch } from '../../src/protocol.js';

describe('identify with a user that is no object', () => {
  it('is reported as INVALID_OPTIONS naming what it was; a real link is still sent', async () => {
    const errors: SplitkitError[] = [];
    const sent: EventBatch['events'] = [];
    const client = createClient({
      ruleset: { version: 1 },
      environment: 'server',
      onError: (error) => errors.push(error),
      transport: async (batch) => {
        sent.push(...batch.events);
        return { status: 200 };
      },
    });
    client.identify(null as never);
    client.identify('d-1' as never);
    client.identify({ userID: 'u-1', deviceID: 'd-1' });
    await client.flush();
    await client.shutdown();
    expect(errors.map((error) => `${error.code}: ${error.message}`)).toEqual([
      'INVALID_OPTIONS: identify: the user must be an object, not null',
      'INVALID_OPTIONS: identify: the user must be an object, not string',
    ]);
    expect(sent.map((event) => [event.type, event.units])).toEqual([['identify', { userID: 'u-1', deviceID: 'd-1' }]]);
  });
});
