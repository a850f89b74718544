/**
 * Reads a request body up to a byte limit, within a shared byte budget and an
 * idle timeout, and stops reading as soon as any of them says no.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { continueIfHeld } from './expect-continue.js';
import type { ByteLease } from './byte-budget.js';

/** How reading a body ended. */
export type BodyOutcome =
  | { kind: 'body'; body: Buffer }
  /** More than the limit arrived (or was announced); the rest was left unread. */
  | { kind: 'too-large' }
  /** The shared byte budget could not hold this body now; the rest was left unread. */
  | { kind: 'busy' }
  /** The client paused longer than the idle timeout; the rest was left unread. */
  | { kind: 'timeout' }
  /** The client went away before the body was complete. */
  | { kind: 'aborted' };

/** The limits one read works within. */
export interface BodyLimits {
  maxBytes: number;
  /** Longest pause allowed before the first piece and between two pieces. */
  idleTimeoutMs: number;
  /** Where the body's bytes are taken from; the caller releases it once the request is answered. */
  lease: ByteLease;
  /** The answer to `req`: a request waiting for `100 Continue` gets it once the body is going to be read. */
  res?: ServerResponse;
}

/** Collects the body of `req`, giving up as soon as it passes a limit. */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> {
  const announced = Number(req.headers['content-length']);
  const known = req.headers['content-length'] !== undefined && Number.isSafeInteger(announced);
  if (known && announced > limits.maxBytes) {
    req.pause();
    return Promise.resolve({ kind: 'too-large' });
  }
  // A body of known length takes its bytes up front; a chunked one piece by piece.
  if (known && !limits.lease.take(announced)) {
    req.pause();
    return Promise.resolve({ kind: 'busy' });
  }
  return new Promise((resolve) => {
    // Every limit that can be checked before the body has passed: a client that waits for it may send it now.
    if (limits.res !== undefined) continueIfHeld(req, limits.res);
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: BodyOutcome): void => {
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      if (outcome.kind !== 'body' && outcome.kind !== 'aborted') req.pause();
      resolve(outcome);
    };
    const idle = setTimeout(() => finish({ kind: 'timeout' }), limits.idleTimeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish({ kind: 'too-large' });
      if (!known && !limits.lease.take(chunk.length)) return finish({ kind: 'busy' });
      chunks.push(chunk);
      idle.refresh();
    };
    const onEnd = (): void => finish({ kind: 'body', body: Buffer.concat(chunks, size) });
    const onAbort = (): void => finish({ kind: 'aborted' });
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}
