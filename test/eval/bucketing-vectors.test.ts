import murmurHash3 from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { bucket, murmur3 } from '../../src/eval/hash.js';
import { readUnitId } from '../../src/eval/unit-id.js';
import document from '../vectors/bucketing.json';

const utf8 = new TextEncoder();

describe('test/vectors/bucketing.json', () => {
  it('has uniquely named vectors with every field', () => {
    expect(document.vectors.length).toBeGreaterThanOrEqual(40);
    expect(new Set(document.vectors.map((vector) => vector.name)).size).toBe(document.vectors.length);
    for (const vector of document.vectors) {
      expect(Object.keys(vector).sort()).toEqual(['bucket', 'hash', 'name', 'salt', 'unitId']);
      expect(vector.bucket).toBe(vector.hash % 10000);
    }
  });

  it.each(document.vectors)('$name', (vector) => {
    const input = utf8.encode(`${vector.salt}.${vector.unitId}`);
    expect(murmurHash3.x86.hash32(input, 0)).toBe(vector.hash);
    expect(murmur3(input, input.length)).toBe(vector.hash);
    expect(bucket(vector.salt, vector.unitId)).toBe(vector.bucket);
  });

  it('numeric unit ids are hashed as String(n), as in the number vectors', () => {
    // The vectors whose unit id is the text of a number: that number, read as a unit id, lands in the vector's bucket.
    const numeric = document.vectors.filter(
      (vector) => vector.unitId !== '' && String(Number(vector.unitId)) === vector.unitId,
    );
    expect(numeric.map((vector) => vector.unitId)).toEqual(expect.arrayContaining(['123456789', '-12.5', '1e+21']));
    for (const vector of numeric) {
      expect(bucket(vector.salt, readUnitId({ userID: Number(vector.unitId) }, 'userID')!), vector.name).toBe(
        vector.bucket,
      );
    }
  });
});
