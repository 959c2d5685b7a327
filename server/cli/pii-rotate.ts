import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { systemClock } from '../clock';
import { AuditLog, CLI_ACTOR } from '../audit/audit-log';
import { ConfigError, loadConfig, type Config } from '../config';
import { PERSONAL_FIELDS } from '../pii/personal-fields';
import { derivedHashKey, PiiCipher } from '../pii/pii-cipher';
import { loadPiiKeyring, parseKey } from '../pii/pii-key';
import { resealRows, type ResealReport, type SealedRows } from '../pii/reseal';
import { readModelFile } from '../projections/read-db';
import { openStores } from '../store/open-stores';
import { databaseFile, openDatabase } from '../store/sqlite-database';
import pino from 'pino';

/**
 * `npm run pii:rotate`: re-seals every personal field under the new `PII_KEY`, while the server
 * runs. The procedure (README, "Rotating the PII key"):
 *
 *   1. `npm run pii:rotate -- hash-key` with the current key prints `PII_HASH_KEY=…` (keeps
 *      duplicate detection of old events working once the old key is gone);
 *   2. restart each node (one at a time) with `PII_KEY=<new>`, `PII_PREVIOUS_KEYS=<old>` and
 *      that `PII_HASH_KEY`: nodes now read both keys and seal new fields under the new one;
 *   3. `npm run pii:rotate` with the same environment re-seals the event log (shared) and this
 *      node's read model (run it with each node's DATA_DIR);
 *   4. drop `PII_PREVIOUS_KEYS` (again one node at a time).
 *
 * Exit codes: 0 done (nothing left under an old key), 1 something could not be resealed, 2 bad use.
 */
const TYPES = Object.keys(PERSONAL_FIELDS);

const [command, ...rest] = process.argv.slice(2);
if (rest.length > 0 || (command !== undefined && command !== 'hash-key')) {
  console.error('usage: npm run pii:rotate            (re-seal under PII_KEY)\n       npm run pii:rotate -- hash-key  (print the PII_HASH_KEY of the current key)');
  process.exitCode = 2;
} else {
  process.exitCode = await run(command === 'hash-key').catch((err: unknown) => {
    console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : err instanceof Error ? err.message : String(err));
    return 1;
  });
}

async function run(printHashKey: boolean): Promise<number> {
  const config = loadConfig(process.env);
  const logger = pino({ level: 'warn' });
  if (printHashKey) {
    const key = loadPiiKeyring(config, logger);
    const hashKey = key.hashKey ?? derivedHashKey(key.key);
    console.log(`PII_HASH_KEY=${hashKey.toString('hex')}`);
    return 0;
  }
  if (config.PII_KEY === undefined || config.PII_PREVIOUS_KEYS === undefined) {
    console.error('set PII_KEY to the new key and PII_PREVIOUS_KEYS to the old one(s), as on the running nodes');
    return 2;
  }
  const keyring = loadPiiKeyring(config, logger);
  if (keyring.hashKey === undefined) console.error('warning: PII_HASH_KEY is not set: resent events from before the rotation will be refused as conflicts (see npm run pii:rotate -- hash-key)');
  const cipher = new PiiCipher(keyring.key, { previous: keyring.previous, hashKey: keyring.hashKey });
  if (keyring.previous.some((k) => new PiiCipher(k).keyId === cipher.keyId)) console.error('warning: PII_PREVIOUS_KEYS holds the current key too');
  parseKey(config.PII_KEY);

  const reports: ResealReport[] = [];
  const db = openDatabase(databaseFile(config.DATA_DIR));
  const stores = await openStores(config, db);
  try {
    reports.push(await resealRows(config.STORE === 'postgres' ? await pgEventRows(config) : sqliteEventRows(db), cipher));
    const readModel = readModelFile(config.DATA_DIR);
    if (existsSync(readModel)) {
      const rm = new Database(readModel);
      rm.pragma('busy_timeout = 10000');
      try {
        reports.push(await resealRows(staffRows(rm), cipher));
      } finally {
        rm.close();
      }
    }
    for (const r of reports) console.log(`${r.name}: ${r.rows} rows with personal fields, ${r.resealed} re-sealed, ${r.unreadable} fields unreadable, ${r.raced} changed meanwhile`);
    await new AuditLog(stores.audit, systemClock).record(CLI_ACTOR, 'pii.rotate', cipher.keyId, reports.every((r) => r.unreadable === 0 && r.raced === 0) ? 'ok' : 'failed', {
      reports: reports.map(({ name, rows, resealed, unreadable, raced }) => ({ name, rows, resealed, unreadable, raced })),
    });
  } finally {
    await stores.close();
    db.close();
  }
  return reports.every((r) => r.unreadable === 0 && r.raced === 0) ? 0 : 1;
}

function sqliteEventRows(db: Database.Database): SealedRows {
  const page = db.prepare(`SELECT seq AS position, type, data AS json FROM events WHERE type IN (${TYPES.map(() => '?').join(',')}) AND seq > ? ORDER BY seq LIMIT ?`);
  const replace = db.prepare('UPDATE events SET data = ? WHERE seq = ? AND data = ?');
  return {
    name: 'event log',
    page: (after, limit) => Promise.resolve(page.all(...TYPES, after, limit) as { position: number; type: string; json: string }[]),
    replace: (position, before, after) => Promise.resolve(replace.run(after, position, before).changes > 0),
  };
}

async function pgEventRows(config: Config): Promise<SealedRows> {
  const { createPgPool } = await import('../store/postgres/pg-pool');
  const { pool } = createPgPool(config.DATABASE_URL!);
  process.once('beforeExit', () => void pool.end());
  return {
    name: 'event log (postgres)',
    page: async (after, limit) =>
      (await pool.query<{ position: string; type: string; json: string }>('SELECT seq AS position, type, data AS json FROM events WHERE type = ANY($1) AND seq > $2 ORDER BY seq LIMIT $3', [TYPES, after, limit])).rows.map((r) => ({
        position: Number(r.position),
        type: r.type,
        json: r.json,
      })),
    replace: async (position, before, after) => ((await pool.query('UPDATE events SET data = $1 WHERE seq = $2 AND data = $3', [after, position, before])).rowCount ?? 0) > 0,
  };
}

/** The grid staff in this node's read model, whose name and phone stay sealed as the log holds them. */
function staffRows(rm: Database.Database): SealedRows {
  const ids = rm.prepare("SELECT rowid AS position, 'staff.upserted' AS type, json_object('name', name, 'phone', phone) AS json FROM p_staff WHERE rowid > ? ORDER BY rowid LIMIT ?");
  const replace = rm.prepare("UPDATE p_staff SET name = json_extract(?, '$.name'), phone = json_extract(?, '$.phone') WHERE rowid = ? AND json_object('name', name, 'phone', phone) = ?");
  return {
    name: 'read model p_staff',
    page: (after, limit) => Promise.resolve(ids.all(after, limit) as { position: number; type: string; json: string }[]),
    replace: (position, before, after) => Promise.resolve(replace.run(after, after, position, before).changes > 0),
  };
}
