import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The embedded store's file inside `DATA_DIR`. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'command-center.sqlite');
}

/**
 * Opens the embedded database: WAL journal so readers (the CLI tools) do not block the server,
 * synchronous FULL so a committed transaction survives a crash.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
