/**
 * Ed25519 signatures of ruleset bodies, checked with WebCrypto (browsers and
 * Node 20 alike). A ruleset is accepted when any of the public keys verifies
 * it, so a key can be rotated by listing the old and the new one for a while.
 */

/** Checks `signature` (base64) over the UTF-8 bytes of `body`; resolves false for a missing or bad one. */
export type SignatureCheck = (body: string, signature: string | undefined) => Promise<boolean>;

const bytesOf = (base64: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(base64.trim()), (c) => c.charCodeAt(0));

/** A check against `publicKeys` (base64 of the raw 32-byte keys); keys are imported once, on first use. */
export function createSignatureCheck(publicKeys: readonly string[]): SignatureCheck {
  let keys: Promise<(CryptoKey | undefined)[]> | undefined;
  const algorithm = { name: 'Ed25519' };
  // One key at a time: a malformed one (a typo in the new key of a rotation) verifies nothing, and must not
  // keep the others from verifying.
  const load = (): Promise<(CryptoKey | undefined)[]> =>
    Promise.all(
      publicKeys.map(async (key) => {
        try {
          return await crypto.subtle.importKey('raw', bytesOf(key), algorithm, false, ['verify']);
        } catch {}
      }),
    );
  return async (body, signature) => {
    if (!signature) return false;
    try {
      const list = await (keys ??= load());
      const data = new TextEncoder().encode(body);
      const sig = bytesOf(signature);
      for (const key of list) if (key && (await crypto.subtle.verify(algorithm, key, sig, data))) return true;
      return false;
    } catch {
      // A malformed signature (bad base64, wrong length) verifies nothing.
      return false;
    }
  };
}
