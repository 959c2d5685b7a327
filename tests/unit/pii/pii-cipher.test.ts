import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, PiiCipher } from '../../../server/pii/pii-cipher';
import { sealPersonalFields } from '../../../server/pii/personal-fields';
import { parseKey } from '../../../server/pii/pii-key';

const cipher = new PiiCipher(randomBytes(32));

describe('personal fields at rest', () => {
  it('round-trips, with a fresh IV each time, and names its key', () => {
    const a = cipher.encrypt('张三');
    const b = cipher.encrypt('张三');
    expect(a).not.toBe(b);
    expect(a.startsWith(`pii:v1:${cipher.keyId}:`)).toBe(true);
    expect(isSealed(a)).toBe(true);
    expect(cipher.decrypt(a)).toBe('张三');
    expect(a).not.toContain('张三');
  });

  it('refuses a tampered ciphertext and another key', () => {
    const sealed = cipher.encrypt('110101199003071234');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
    expect(() => new PiiCipher(randomBytes(32)).decrypt(sealed)).toThrow(/another key/);
  });

  it('hashes with a key: the same text gives the same hash under one key and another under a second', () => {
    expect(cipher.keyedHash('x')).toBe(cipher.keyedHash('x'));
    expect(new PiiCipher(randomBytes(32)).keyedHash('x')).not.toBe(cipher.keyedHash('x'));
  });

  it('seals exactly the personal fields of an event type', () => {
    const data = { personId: 'P1', name: '李四', idNumber: '320612199001011234', phone: '13800001111', categories: ['disabled'] };
    const sealed = sealPersonalFields('population.upserted', data, (v) => cipher.encrypt(v));
    expect(sealed.personId).toBe('P1');
    expect(sealed.categories).toEqual(['disabled']);
    for (const f of ['name', 'idNumber', 'phone'] as const) expect(cipher.decrypt(sealed[f] as string)).toBe(data[f]);
    expect(sealPersonalFields('incident.reported', { a: 1 }, () => 'x')).toEqual({ a: 1 });
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes, and refuses others', () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseKey('short')).toThrow(/32 bytes/);
  });
});
