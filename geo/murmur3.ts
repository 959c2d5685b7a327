/** The two steps of MurmurHash3 (x86, 32-bit) that hashes here are built from. */

/** Mixes one 32-bit block `k` into the running hash `h`. */
export function murmurMix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The finaliser: spreads every input bit over the output; an unsigned 32-bit result. */
export function murmurFinal(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
