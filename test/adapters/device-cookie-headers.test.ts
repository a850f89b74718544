/**
 * The server helpers take the request's headers whole, as fetch-style servers (Next.js route handlers, Hono,
 * Deno, Bun, workers) and Node's `req.headers` hand them over: before, `ensureDeviceId(req.headers)` read no
 * cookie and made a new device id on every request, so a visitor's variant changed on each page.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ensureDeviceId, readDeviceId } from '../../src/index.js';

const ID = '0b6f4a3e-9a51-4c8e-8d2f-3f1f2b7c9e10';

describe('ensureDeviceId and readDeviceId with request headers', () => {
  it('read the cookie from a fetch Headers (request.headers)', () => {
    const request = new Request('https://example.com/', { headers: { cookie: `theme=dark; splitkit_did=${ID}` } });
    expect(readDeviceId(request.headers)).toBe(ID);
    expect(ensureDeviceId(request.headers)).toMatchObject({ id: ID, created: false });
  });

  it("read the cookie from Node's req.headers (an object, its cookie a string or a list)", () => {
    // Typed as Node types them: the helpers take `req.headers` as it is.
    const headers: IncomingHttpHeaders = { cookie: `splitkit_did=${ID}`, host: 'example.com' };
    expect(readDeviceId(headers)).toBe(ID);
    expect(readDeviceId({ cookie: ['a=1', `splitkit_did=${ID}`] })).toBe(ID);
    expect(ensureDeviceId({ cookie: `splitkit_did=${ID}` }, { name: 'splitkit_did' })).toMatchObject({
      id: ID,
      created: false,
    });
  });

  it('read a Cookie key in any case, as AWS Lambda and hand-built header objects spell it', () => {
    const lambda: { [name: string]: string | undefined } = { Cookie: `splitkit_did=${ID}`, Host: 'example.com' };
    expect(readDeviceId(lambda)).toBe(ID);
    expect(ensureDeviceId({ COOKIE: `splitkit_did=${ID}` } as never)).toMatchObject({ id: ID, created: false });
  });

  it('make a new id for headers without a cookie, and never throw for hostile ones', () => {
    expect(ensureDeviceId(new Headers()).created).toBe(true);
    const noCookie: IncomingHttpHeaders = { host: 'example.com' };
    expect(ensureDeviceId(noCookie).created).toBe(true);
    const hostile = {
      get() {
        throw new Error('boom');
      },
    };
    expect(readDeviceId(hostile)).toBeUndefined();
    expect(ensureDeviceId(hostile).created).toBe(true);
    expect(readDeviceId({ cookie: 42 } as never)).toBeUndefined();
    expect(readDeviceId(null as never)).toBeUndefined();
  });
});
