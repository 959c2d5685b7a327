import { seededRandom, type Random } from '@geo/random';

/**
 * Random streams keyed by what they describe (a seed, a stream tag, an hour, an index), not by
 * how far a single stream has been consumed. The simulation draws every incident, call, outage
 * and patrol from its own keyed stream, so any window of simulated time can be regenerated
 * exactly without replaying what came before it (resuming after a restart, backfill then live).
 */
export function keyedRandom(seed: number, ...keys: readonly number[]): Random {
  let h = mix(0x9e3779b9, seed);
  for (const k of keys) {
    // Keys may exceed 32 bits (slot numbers, indexes): mix the high and low words.
    h = mix(h, k >>> 0);
    h = mix(h, Math.floor(k / 4294967296) >>> 0);
  }
  return seededRandom(fmix(h ^ (keys.length + 1)));
}

/** A 31-bit hash of a string (FNV-1a), to turn names into keys. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1;
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A log-normal draw with the given median and spread, clamped to `max`: delays in public
 * services are skewed (most are quick, a few take very long), and the clamp keeps every story
 * within the simulation's bounded lifetime.
 */
export function logNormal(median: number, sigma: number, random: Random, max = Infinity): number {
  return Math.min(max, median * Math.exp(sigma * normal(random)));
}

/** A uniform draw in [a, b). */
export function uniform(a: number, b: number, random: Random): number {
  return a + (b - a) * random();
}

/** True with probability `p`. */
export function chance(p: number, random: Random): boolean {
  return random() < p;
}

/** One element of a non-empty list, uniformly. */
export function pickOne<T>(xs: readonly T[], random: Random): T {
  return xs[Math.floor(random() * xs.length)]!;
}

/** murmur3's block mix. */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: spreads every input bit over the output. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
