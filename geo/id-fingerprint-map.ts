import { murmurFinal, murmurMix } from './murmur3';

/**
 * A map from string ids to small integers (0 to 65,533) in 12 to 24 bytes an id,
 * whatever the ids' length: a city's 1.7 M building ids as a `Map` of strings cost well over
 * 100 MB, and a lookup in the database behind them tens of microseconds.
 *
 * - fingerprint: two independent 32-bit hashes of the id's UTF-16 code units (FNV-1a and MurmurHash3's
 *   body, each finished with murmur3's finaliser). The map keeps fingerprints, not
 *   ids, so an id it was not built with is reported as absent except when its 64 bits match a
 *   stored one: about one chance in 10^13 per lookup at 1.7 M ids.
 * - two stored ids with the same fingerprint (about one build in ten million at that size) keep
 *   the slot marked `AMBIGUOUS`: the caller asks its source of truth for those.
 * - open addressing with linear probing, the table at most 85 % full (a power of two of slots).
 */
export class IdFingerprintMap {
  /** What `get` returns for an id whose fingerprint two stored ids share. */
  static readonly AMBIGUOUS = 0xfffe;

  private readonly mask: number;
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  /** value + 1 per slot; 0 is an empty slot. */
  private readonly values: Uint16Array;
  private n = 0;

  /** `capacity`: how many ids will be set (the table is sized for it once; more throws). */
  constructor(readonly capacity: number) {
    let slots = 16;
    while (slots * 0.85 < capacity) slots *= 2;
    this.mask = slots - 1;
    this.hi = new Uint32Array(slots);
    this.lo = new Uint32Array(slots);
    this.values = new Uint16Array(slots);
  }

  get size(): number {
    return this.n;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength + this.values.byteLength;
  }

  set(id: string, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value >= IdFingerprintMap.AMBIGUOUS) throw new RangeError(`value ${value} is not an integer from 0 to 65,533`);
    const h = hashA(id);
    const l = hashB(id);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = this.values[i]!;
      if (v === 0) {
        if (this.n + 1 > this.capacity) throw new RangeError(`more than the ${this.capacity} ids the map was sized for`);
        this.hi[i] = h;
        this.lo[i] = l;
        this.values[i] = value + 1;
        this.n += 1;
        return;
      }
      if (this.hi[i] === h && this.lo[i] === l) {
        // The same id again, or another id with the same fingerprint: only a second value is a conflict.
        if (v - 1 !== value) this.values[i] = IdFingerprintMap.AMBIGUOUS + 1;
        return;
      }
    }
  }

  /** The id's value, `undefined` when absent, or `AMBIGUOUS` (see the class comment). */
  get(id: string): number | undefined {
    const h = hashA(id);
    const l = hashB(id);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = this.values[i]!;
      if (v === 0) return undefined;
      if (this.hi[i] === h && this.lo[i] === l) return v - 1;
    }
  }
}

/** FNV-1a over UTF-16 code units, mixed. */
function hashA(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return murmurFinal(h);
}

/** MurmurHash3's body over UTF-16 code units, seeded with the length, finalised. */
function hashB(s: string): number {
  let h = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) h = murmurMix(h, s.charCodeAt(i));
  return murmurFinal(h);
}
