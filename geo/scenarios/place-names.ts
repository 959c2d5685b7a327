import type { Random } from '../random';

/**
 * Synthetic but plausible place names. Real town names at synthetic positions would mislead a
 * reader of the map, so names are composed from common place-name characters instead.
 */
const FIRST = '金兴平石川先刘骑五三十二张新永和安宁清河湖桥沙港庄塘南北东西中文明光华龙凤德福通利园林泉溪湾'.split('');
const SECOND = '沙港桥镇庄河湖塘园林泉溪湾墩集店岗埭坝闸圩灶坞亭口场头洲岸'.split('');

export class PlaceNames {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  /** A new two-character stem, unique within this generator. */
  stem(): string {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const s = pick(FIRST, this.random) + pick(SECOND, this.random);
      if (s[0] !== s[1] && !this.used.has(s)) {
        this.used.add(s);
        return s;
      }
    }
    // The stems ran out (very large scenarios): fall back to a numbered stem.
    const s = `${pick(FIRST, this.random)}${this.used.size}`;
    this.used.add(s);
    return s;
  }
}

/** Chinese numerals for grid names (第三网格); falls back to digits past 99. */
export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
  if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
  return String(n);
}

export function pick<T>(xs: readonly T[], random: Random): T {
  return xs[Math.floor(random() * xs.length)]!;
}
