/**
 * Ed25519 signing of ruleset bytes (node:crypto). The private key is a
 * PKCS#8 PEM file; the public key clients get is the base64 of its raw 32
 * bytes, which WebCrypto imports as `importKey('raw', …, { name: 'Ed25519' })`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A loaded private key: signs bytes and knows its public key. */
export interface RulesetSigner {
  /** Base64 Ed25519 signature of `bytes`. */
  sign(bytes: Uint8Array): string;
  /** Base64 of the raw 32-byte public key. */
  readonly publicKey: string;
}

/** A new key pair: the private key as PKCS#8 PEM and the public key as base64 raw bytes. */
export function generateSigningKeys(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: rawPublicKey(publicKey),
  };
}

/** Loads a PKCS#8 PEM private key; throws an Error saying what is wrong with it. */
export function loadSigner(pem: string): RulesetSigner {
  // Told apart before OpenSSL sees them: it reports an encrypted key as "interrupted or cancelled" (it wanted a
  // passphrase) and a public key as "unsupported", neither of which says what to do.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: *4, *ENCRYPTED/.test(pem))
    throw new Error(
      'the private key is encrypted with a passphrase; give an unencrypted PKCS#8 key ' +
        '(`openssl pkey -in <file> -out <plain file>` asks for the passphrase once), or make one with `splitkit keygen`',
    );
  // The other file keygen writes: base64 of the 32 raw bytes, which OpenSSL calls "unsupported".
  if (/^[A-Za-z0-9+/]{43}=$/.test(pem.trim()))
    throw new Error(
      'this is a public key (the .pub that splitkit keygen writes); give the private key beside it, splitkit-signing.key',
    );
  if (/-----BEGIN (?:RSA )?PUBLIC KEY-----/.test(pem))
    throw new Error('this is a public key; give the private key file (`splitkit keygen` writes both)');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new Error(`not a PEM private key (${(error as Error).message})`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  return {
    sign: (bytes) => sign(null, bytes, key).toString('base64'),
    publicKey: rawPublicKey(createPublicKey(key)),
  };
}

function rawPublicKey(key: KeyObject): string {
  // The JWK `x` member is the raw public key, base64url.
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
}
