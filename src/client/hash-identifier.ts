/**
 * Keys logged-out visitors by something like an IP address without keeping
 * the address: a keyed SHA-256 (HMAC) with a secret only the app knows, so
 * the id is stable for the same input but cannot be reversed by trying all
 * 2^32 IPv4 addresses without the secret.
 */
import { SplitkitError } from '../errors/index.js';

/**
 * HMAC-SHA-256 of `value` keyed with `secret`, as 64 lowercase hex characters.
 * Uses WebCrypto, so it works the same in browsers and Node.
 * @throws SplitkitError (INVALID_OPTIONS) when the secret is empty or WebCrypto is missing.
 */
export async function hashIdentifier(value: string, secret: string): Promise<string> {
  if (typeof secret !== 'string' || secret.length === 0)
    throw new SplitkitError('INVALID_OPTIONS', 'hashIdentifier: secret must be a non-empty string');
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new SplitkitError('INVALID_OPTIONS', 'hashIdentifier: WebCrypto (crypto.subtle) is not available here');
  const encoder = new TextEncoder();
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(String(value))));
  let hex = '';
  for (const byte of signature) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
