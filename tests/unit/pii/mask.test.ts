import { describe, expect, it } from 'vitest';
import { idCheckChar, mobilePhone, personName, residentId } from '../../../geo/scenarios/people';
import { seededRandom } from '../../../geo/random';
import { maskIdNumber, maskName, maskPhone } from '../../../server/pii/mask';

describe('masking personal data', () => {
  it('names keep their first and last character', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳修远')).toBe('欧**远');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠀀明')).toBe('𠀀*'); // a character outside the BMP counts as one
  });

  it('phones show 3 + 4 digits: 138****1234, separators kept', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(maskPhone('010-62751234')).toBe('010-****1234');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('ID numbers hide the birth date and sequence: 110101********1234', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber('11010119900307123X')).toBe('110101********123X');
  });

  it('holds for generated valid ID numbers (X check digits included) and mobile numbers', () => {
    const random = seededRandom(20261123);
    const wrong: string[] = [];
    let withX = 0;
    for (let i = 0; i < 3000; i++) {
      const birth = new Date(Date.UTC(1930 + Math.floor(random() * 90), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
      const id = residentId('320612', birth, random, random() < 0.5);
      if (id.slice(17) !== idCheckChar(id.slice(0, 17))) wrong.push(`invalid generated id ${id}`);
      if (id.endsWith('X')) withX++;
      const masked = maskIdNumber(id);
      // Region, 8 stars over the birth date, the sequence's last digits and the check character.
      if (!/^320612\*{8}\d{3}[\dX]$/.test(masked) || masked.slice(-4) !== id.slice(-4) || masked.includes(id.slice(6, 14))) wrong.push(`${id} -> ${masked}`);

      const phone = mobilePhone(random);
      const p = maskPhone(phone);
      if (!/^1[3-9]\d\*{4}\d{4}$/.test(p) || p.slice(0, 3) + p.slice(-4) !== phone.slice(0, 3) + phone.slice(-4)) wrong.push(`${phone} -> ${p}`);

      const name = personName(random);
      const n = maskName(name);
      const chars = Array.from(name);
      const expected = chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
      if (n !== expected) wrong.push(`${name} -> ${n}`);
    }
    expect(wrong).toEqual([]);
    expect(withX).toBeGreaterThan(100); // about 1 in 11 ends in X
  });
});
