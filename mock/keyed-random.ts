import { seededRandom, type Random } from '@geo/random';
import { murmurFinal, murmurMix } from '@geo/murmur3';

/**
 * Random streams keyed by what they describe (a seed, a stream tag, an hour, an index), not by
 * how far a single stream has been consumed. The simulation draws every incident, call, outage
 * and patrol from its own keyed stream, so any window of simulated time can be regenerated
 * exactly without replaying what came before it (resuming after a restart, backfill then live).
 */
export function keyedRandom(seed: number, ...keys: readonly number[]): Random {
  let h = murmurMix(0x9e3779b9, seed);
  for (const k of keys) {
    // Keys may exceed 32 bits (slot numbers, indexes): mix the high and low words.
    h = murmurMix(h, k >>> 0);
    h = murmurMix(h, Math.floor(k / 4294967296) >>> 0);
  }
  return seededRandom(murmurFinal(h ^ (keys.length + 1)));
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
