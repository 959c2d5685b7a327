import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords hashed with scrypt (memory-hard, in Node's own crypto: no native module). The stored
 * form carries its parameters and salt, `scrypt$ln=15,r=8,p=3$<salt>$<hash>` (base64), so the
 * cost can be raised later without breaking stored hashes.
 *
 * N=2^15, r=8, p=3 is one of OWASP's equivalent scrypt settings (32 MiB per hash), a third of a
 * second or so on a server core: slow for a guesser, fine for people signing in.
 */
export const SCRYPT_PARAMS = { ln: 15, r: 8, p: 3 } as const;

const KEY_LENGTH = 32;
const SALT_BYTES = 16;

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string, params: { ln: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_LENGTH, params);
  return `scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `password` matches `stored` (compared in constant time); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const hash = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(hash, parsed.hash);
}

/**
 * A hash no password matches, computed once per process: verified against for unknown usernames
 * so a wrong username takes as long as a wrong password (no account enumeration by timing).
 */
export async function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
let dummy: Promise<string> | undefined;

/** Letters and digits that cannot be misread (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of four groups of five characters (~113 bits), easy to read out and type. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

function derive(password: string, salt: Buffer, keyLength: number, params: { ln: number; r: number; p: number }): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses more than 32 MiB by default; allow what the parameters need, with room.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function parse(stored: string): { params: { ln: number; r: number; p: number }; salt: Buffer; hash: Buffer } | undefined {
  const m = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a corrupted row from asking for gigabytes.
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return undefined;
  const hash = Buffer.from(m[5]!, 'base64');
  if (hash.length < 16) return undefined;
  return { params, salt: Buffer.from(m[4]!, 'base64'), hash };
}
