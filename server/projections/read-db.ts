import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** WAL pages (4 KiB) after which a commit checkpoints: about 80 MiB. */
const WAL_AUTOCHECKPOINT_PAGES = 20_000;

/**
 * The read models' database: a SQLite file of its own in `DATA_DIR`, whatever `STORE` holds the
 * log. It is derived state (rebuilt from the log when missing or outdated), so every node keeps
 * its own and no node waits on another; its transactions are synchronous, so a page of
 * projection is never interleaved with other work, and it has its own write lock, apart from the
 * log's.
 */
export class ReadDb {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Rebuildable from the log: a power cut may lose the last pages, never consistency.
    this.db.pragma('synchronous = NORMAL');
    // Checkpoints (copying the WAL back and syncing the file) were about 40 % of the fold's time
    // at the default 1,000 pages: pages the next commits dirty again were copied again each time.
    // The projector's thread also checkpoints when it falls idle (projector-worker.ts).
    this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  }

  run(sql: string, params: readonly unknown[] = []): number {
    return this.prepare(sql).run(...params).changes;
  }

  /** Runs an INSERT and returns the row's rowid (for updates that skip the key's index). */
  insert(sql: string, params: readonly unknown[] = []): number {
    return Number(this.prepare(sql).run(...params).lastInsertRowid);
  }

  all<T>(sql: string, params: readonly unknown[] = []): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  get<T>(sql: string, params: readonly unknown[] = []): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  /** Rows one at a time (a year of a city's rows is never held in memory at once). */
  iterate<T>(sql: string, params: readonly unknown[] = []): IterableIterator<T> {
    return this.prepare(sql).iterate(...params) as IterableIterator<T>;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** Copies what it can of the WAL back into the file without waiting for readers (PASSIVE). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Runs `work` in one transaction (synchronously). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }

  private prepare(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** The read models' file in `DATA_DIR`. */
export function readModelFile(dataDir: string): string {
  return join(dataDir, 'read-model.sqlite');
}
