/**
 * Keys logged-out visitors by something like an IP address without keeping
 * the address: a keyed SHA-256 (HMAC) with a secret only the app knows, so
 * the id is stable for the same input but cannot be reversed by trying all
 * 2^32 IPv4 addresses without the secret. The value is hashed exactly as
 * given: normalize it first (an IPv4-mapped IPv6 address such as
 * `::ffff:203.0.113.7` and `203.0.113.7` give different keys), and see
 * docs/client.md for rotating the secret (which re-keys every visitor).
 */
import { SplitkitError } from '../errors/index.js';

/**
 * HMAC-SHA-256 of `value` keyed with `secret`, as 64 lowercase hex characters.
 * Uses WebCrypto, so it works the same in browsers and Node.
 * @throws SplitkitError (INVALID_OPTIONS), as a rejected promise, when the value or the secret is not a non-empty
 * string (a missing IP must not become one shared key, the hash of "undefined"), or WebCrypto is missing.
 */
export async function hashIdentifier(value: string, secret: string): Promise<string> {
  if (typeof value !== 'string' || value.length === 0)
    throw new SplitkitError('INVALID_OPTIONS', 'hashIdentifier: value must be a non-empty string');
  if (typeof secret !== 'string' || secret.length === 0)
    throw new SplitkitError('INVALID_OPTIONS', 'hashIdentifier: secret must be a non-empty string');
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new SplitkitError('INVALID_OPTIONS', 'hashIdentifier: WebCrypto (crypto.subtle) is not available here');
  const encoder = new TextEncoder();
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(value)));
  let hex = '';
  for (const byte of signature) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
