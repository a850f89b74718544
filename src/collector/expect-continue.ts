/**
 * `Expect: 100-continue`: a client that sends it (curl does for large bodies) waits for `100 Continue` before
 * sending the body. Node answers it on its own before any handler runs, unless the server listens for
 * `checkContinue`; the collector's server does, and marks the request, so the collector sends `100 Continue`
 * only once it is going to read the body. A refusal (401, 413, 415, 503, …) goes out instead, and the body it
 * refuses is never sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const held = new WeakSet<IncomingMessage>();

/** Marks `req` as waiting for `100 Continue` (the server's `checkContinue` listener did not send it). */
export function holdForContinue(req: IncomingMessage): void {
  held.add(req);
}

/** Sends `100 Continue` to a request that waits for it; nothing for any other. */
export function continueIfHeld(req: IncomingMessage, res: ServerResponse): void {
  if (!held.delete(req)) return;
  res.writeContinue();
}
