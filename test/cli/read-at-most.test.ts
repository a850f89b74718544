/**
 * `splitkit validate -` reads standard input up to a bound: a stream that never ends (`yes |`) or a large file piped
 * by mistake is refused by size instead of growing memory until V8 fails.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAtMost } from '../../src/cli/io.js';

describe('readAtMost', () => {
  it('returns every byte of a stream within the bound', async () => {
    const stream = Readable.from([Buffer.from('{"gates":'), '{}}']);
    expect((await readAtMost(stream, 12)).toString()).toBe('{"gates":{}}');
  });

  it('stops reading a stream past the bound, without waiting for its end', async () => {
    let given = 0;
    async function* endless() {
      for (;;) {
        given++;
        yield Buffer.alloc(1024, 'y');
      }
    }
    await expect(readAtMost(endless(), 10 * 1024)).rejects.toThrow('larger than 10240 bytes');
    expect(given).toBe(11);
  });
});
