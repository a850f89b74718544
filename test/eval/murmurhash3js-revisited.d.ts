// The reference implementation used by the hash tests ships no types.
declare module 'murmurhash3js-revisited' {
  const murmurHash3: {
    x86: { hash32(bytes: Uint8Array | number[], seed?: number): number };
  };
  export default murmurHash3;
}
