import murmurHash3 from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { bucket, murmur3 } from '../../src/eval/hash.js';
import { readUnitId } from '../../src/eval/unit-id.js';
import document from '../vectors/bucketing.json';
import { compile, experiment, gate } from './helpers.js';

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

describe('the worked examples of docs/bucketing.md', () => {
  it('gate rule north_america of new_checkout: user-42 is in bucket 4490, outside 20% and inside from 44.91%', () => {
    expect(bucket('new_checkout.north_america', 'user-42')).toBe(4490);
    const at = (rollout: number) =>
      gate(compile({ gates: { new_checkout: { rules: [{ id: 'north_america', rollout }] } } }), 'new_checkout', {
        userID: 'user-42',
      });
    expect(at(20)).toMatchObject({ value: false, reason: 'SPLIT', bucket: 4490 });
    expect(at(44.9).value).toBe(false);
    expect(at(44.91).value).toBe(true);
  });

  it('experiment button_color (red 80 / blue 20, allocation 50): allocation bucket 4770, variant bucket 7168, red', () => {
    const id = '9b2f8a1e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
    expect(bucket('button_color.allocation', id)).toBe(4770);
    const compiled = compile({
      experiments: {
        button_color: {
          allocation: 50,
          variants: [
            { key: 'red', weight: 80 },
            { key: 'blue', weight: 20 },
          ],
        },
      },
    });
    expect(experiment(compiled, 'button_color', { userID: id })).toMatchObject({
      value: 'red',
      variantIndex: 0,
      reason: 'SPLIT',
      bucket: 7168,
    });
  });
});
