import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption of personal fields (names, ID numbers, phone numbers) before they are
 * stored, and a keyed hash for comparing content without reading it.
 *
 * - ciphertext: `pii:v1:<key id>:<iv>:<ciphertext+tag>` (AES-256-GCM, 96-bit random IV,
 *   base64url), so a field says which key sealed it and rotation can find old ones.
 * - keyed hash: HMAC-SHA256 under a key derived from the PII key (HKDF), so hashes of
 *   low-entropy values (ID numbers) cannot be reversed by someone holding only the database.
 * - rotation: `previous` keys still open what they sealed (a field names its key), new fields
 *   are sealed under the current key only; `hashKey` keeps the keyed hash of the log's first key
 *   across a rotation (it cannot decrypt anything), so a resent old event is still a duplicate.
 */
export class PiiCipher {
  readonly keyId: string;
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;
  /** Encryption keys by key id: the current one and the previous ones. */
  private readonly openers = new Map<string, Buffer>();

  constructor(key: Buffer, options: { previous?: readonly Buffer[]; hashKey?: Buffer } = {}) {
    if (key.length !== 32) throw new Error('the PII key must be 32 bytes');
    this.keyId = keyIdOf(key);
    this.encKey = encryptionKey(key);
    this.hashKey = options.hashKey ?? derivedHashKey(key);
    if (this.hashKey.length !== 32) throw new Error('the PII hash key must be 32 bytes');
    for (const old of options.previous ?? []) {
      if (old.length !== 32) throw new Error('a previous PII key must be 32 bytes');
      this.openers.set(keyIdOf(old), encryptionKey(old));
    }
    this.openers.set(this.keyId, this.encKey);
  }

  /** The key id a sealed field names (`undefined` when it is not a sealed field). */
  static keyIdOfSealed(sealed: string): string | undefined {
    const [tag, version, keyId] = sealed.split(':');
    return tag === 'pii' && version === 'v1' ? keyId : undefined;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
    return `pii:v1:${this.keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** The plaintext of a sealed field; throws if it was sealed under another key or tampered with. */
  decrypt(sealed: string): string {
    const [tag, version, keyId, ivText, bodyText] = sealed.split(':');
    if (tag !== 'pii' || version !== 'v1' || !ivText || !bodyText) throw new Error('not a sealed personal field');
    const encKey = keyId === undefined ? undefined : this.openers.get(keyId);
    if (encKey === undefined) throw new Error(`sealed under another key (${keyId}); this key is ${this.keyId}`);
    const body = Buffer.from(bodyText, 'base64url');
    const d = createDecipheriv('aes-256-gcm', encKey, Buffer.from(ivText, 'base64url'));
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
  }

  keyedHash(text: string): string {
    return createHmac('sha256', this.hashKey).update(text).digest('hex');
  }
}

/** The keyed-hash key a PII key gives (what `PII_HASH_KEY` is set to when that key is rotated away). */
export function derivedHashKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'pii-keyed-hash-v1', 32));
}

function encryptionKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'pii-encryption-v1', 32));
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Whether a value is a sealed personal field. */
export function isSealed(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('pii:v1:');
}
