/** Shared-secret check for `Authorization: Bearer <secret>`. */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Returns a check that is true when the `Authorization` header carries the
 * secret. Both sides are hashed first so the comparison takes the same time
 * whatever the length or content of the guess.
 */
export function createBearerCheck(secret: string): (header: string | undefined) => boolean {
  const expected = digest(secret);
  return (header) => {
    const match = /^Bearer[ ]+(.+)$/i.exec(header?.trim() ?? '');
    const token = match?.[1] ?? '';
    // Compare even when the header is missing so a miss costs the same as a wrong guess.
    const equal = timingSafeEqual(digest(token), expected);
    return match !== null && equal;
  };
}
