import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys of upstream systems (one per sender). A key is shown once when created; only its
 * SHA-256 is stored (keys are 256 random bits, so a fast hash is enough).
 */
export class ApiKeys {
  private readonly byHash: Database.Statement<[string], { name: string }>;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS api_keys (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`);
    this.byHash = db.prepare('SELECT name FROM api_keys WHERE hash = ? AND revoked_at IS NULL');
  }

  /** Creates a key for `name` and returns it; it cannot be read back later. */
  create(name: string): string {
    const key = `gck_${randomBytes(32).toString('base64url')}`;
    this.db
      .prepare('INSERT INTO api_keys (name, hash, created_at) VALUES (?, ?, ?)')
      .run(name, sha256(key), new Date().toISOString());
    return key;
  }

  /** Revokes every key of `name`; returns how many. */
  revokeAll(name: string): number {
    return this.db
      .prepare('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), name).changes;
  }

  /** The name of the sender holding `key`, or `undefined` for an unknown or revoked key. */
  verify(key: string): string | undefined {
    // Looking up by the hash, not the key, keeps the comparison independent of the key's bytes.
    return this.byHash.get(sha256(key))?.name;
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
