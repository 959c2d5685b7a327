/**
 * How personal data looks to anyone who has not unmasked it (PIPL; GB/T 35273 de-identification,
 * the forms domain.md names). Masking works on characters (code points), not UTF-16 units, so a
 * rare character outside the BMP in a name is one character.
 *
 * - name: the first and last character kept: 张*三, 欧阳**锋; two characters: 张*; one: *.
 * - phone: the digits' first 3 and last 4 kept, every other digit starred: 138****1234;
 *   a number of fewer than 8 digits keeps its last 2. Separators and a country code (+86) stay.
 * - ID number: the 6-digit region and the last 4 kept, the birth date and sequence hidden:
 *   110101********1234 (a check character X stays visible as the last).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0]! + '*'.repeat(chars.length - 2) + chars[chars.length - 1]!;
}

export function maskPhone(phone: string): string {
  // A country code (+86, 0086) is shown as it is and not counted in the national number.
  const prefix = /^\s*(\+|00)\d{1,3}[\s-]+/.exec(phone)?.[0] ?? '';
  const rest = phone.slice(prefix.length);
  const digits = rest.replace(/\D/g, '').length;
  const keepHead = digits >= 8 ? 3 : 0;
  const keepTail = digits >= 8 ? 4 : Math.min(2, digits);
  let seen = 0;
  return (
    prefix +
    Array.from(rest, (ch) => {
      if (!/\d/.test(ch)) return ch;
      const i = seen++;
      return i < keepHead || i >= digits - keepTail ? ch : '*';
    }).join('')
  );
}

export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length < 11) return '*'.repeat(chars.length);
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
}

/** The masking rule of each personal field name used in events (see personal-fields.ts). */
export const MASKS: Readonly<Record<string, (v: string) => string>> = { name: maskName, phone: maskPhone, idNumber: maskIdNumber };
