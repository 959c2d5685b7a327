import { describe, expect, it } from 'vitest';
import { IdFingerprintMap } from '../../../geo/id-fingerprint-map';

describe('IdFingerprintMap', () => {
  it('gives back every value set, and nothing for ids never set', () => {
    const n = 200_000;
    const map = new IdFingerprintMap(n);
    for (let i = 0; i < n; i++) map.set(`B4419${String(i).padStart(9, '0')}`, i % 3000);
    expect(map.size).toBe(n);
    for (let i = 0; i < n; i++) expect(map.get(`B4419${String(i).padStart(9, '0')}`)).toBe(i % 3000);
    let found = 0;
    for (let i = n; i < 2 * n; i++) if (map.get(`B4419${String(i).padStart(9, '0')}`) !== undefined) found++;
    expect(found).toBe(0);
    expect(map.get('')).toBeUndefined();
    expect(map.get('楼栋-1')).toBeUndefined();
  });

  it('tells ids apart that differ only in non-ASCII characters or in order', () => {
    const map = new IdFingerprintMap(4);
    map.set('东城-1号楼', 1);
    map.set('南城-1号楼', 2);
    map.set('ab', 3);
    map.set('ba', 4);
    expect([map.get('东城-1号楼'), map.get('南城-1号楼'), map.get('ab'), map.get('ba')]).toEqual([1, 2, 3, 4]);
  });

  it('keeps a value set twice once, and marks an id set with two values ambiguous', () => {
    const map = new IdFingerprintMap(2);
    map.set('x', 5);
    map.set('x', 5);
    expect(map.size).toBe(1);
    expect(map.get('x')).toBe(5);
    map.set('x', 6);
    expect(map.get('x')).toBe(IdFingerprintMap.AMBIGUOUS);
  });

  it('refuses more ids than it was sized for and values it cannot hold', () => {
    const map = new IdFingerprintMap(1);
    map.set('a', 0);
    expect(() => map.set('b', 1)).toThrow(RangeError);
    expect(() => map.set('a', IdFingerprintMap.AMBIGUOUS)).toThrow(RangeError);
    expect(() => map.set('a', -1)).toThrow(RangeError);
    expect(() => map.set('a', 1.5)).toThrow(RangeError);
  });

  it('holds a city of ids in a table of 10 bytes a slot, at most 85 % full', () => {
    const map = new IdFingerprintMap(1_700_000);
    expect(map.bytes).toBe(2 ** 21 * 10);
  });
});
