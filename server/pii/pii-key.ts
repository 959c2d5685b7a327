import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';

/**
 * The PII key: `PII_KEY` (64 hex digits or base64 of 32 bytes), else a key generated once into
 * `DATA_DIR/pii.key` with a warning, because a production deployment must supply its own (a key
 * beside the data it protects protects little, and several nodes need the same key).
 */
export function loadPiiKey(piiKey: string | undefined, dataDir: string, logger: Logger): Buffer {
  if (piiKey) return parseKey(piiKey);
  const file = join(dataDir, 'pii.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    logger.warn({ file }, 'PII_KEY is not set: generated a key for personal data into DATA_DIR. Production must supply its own PII_KEY.');
  } else {
    logger.warn({ file }, 'PII_KEY is not set: using the key generated into DATA_DIR. Production must supply its own PII_KEY.');
  }
  return parseKey(readFileSync(file, 'utf8').trim());
}

export function parseKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('PII_KEY must be 32 bytes as 64 hex digits or base64');
  return key;
}

/**
 * The keyring the server seals with: `PII_KEY` (or the generated file), the `PII_PREVIOUS_KEYS`
 * that still open older fields during a rotation, and `PII_HASH_KEY` when the log's keyed hashes
 * were made under an earlier key.
 */
export function loadPiiKeyring(
  config: { PII_KEY?: string; PII_PREVIOUS_KEYS?: string; PII_HASH_KEY?: string; DATA_DIR: string },
  logger: Logger,
): { key: Buffer; previous: Buffer[]; hashKey: Buffer | undefined } {
  return {
    key: loadPiiKey(config.PII_KEY, config.DATA_DIR, logger),
    previous: (config.PII_PREVIOUS_KEYS ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '').map(parseKey),
    hashKey: config.PII_HASH_KEY === undefined ? undefined : parseKey(config.PII_HASH_KEY),
  };
}
