import type Database from 'better-sqlite3';
import { systemClock } from '../clock';
import { AuditLog, CLI_ACTOR } from '../audit/audit-log';
import type { AuditEntryInput } from '../audit/audit-store';
import { ConfigError, loadConfig, type Config } from '../config';
import { openStores, type Stores } from '../store/open-stores';
import { databaseFile, openDatabase } from '../store/sqlite-database';
import { TerritoryStore } from '../territory/territory-store';

/** What the account, display-token and key commands work with: the server's own stores. */
export interface CliContext {
  config: Config;
  stores: Stores;
  audit: AuditLog;
  /**
   * Whether the territory in `DATA_DIR` has this scope; `undefined` when there is no territory
   * yet (before the first start or import), so the code cannot be checked.
   */
  hasScope(code: string): boolean | undefined;
}

/** Thrown by a command for a problem of its input: printed as is, exit code 1. */
export class CliError extends Error {}

/**
 * Runs a command against the stores `STORE` names (the same as the running server's, which may
 * keep running: SQLite's WAL lets both write). Prints a configuration or input error as one
 * line; the command's number is the exit code.
 */
export async function runWithStores(command: (ctx: CliContext) => Promise<number>): Promise<number> {
  let db: Database.Database | undefined;
  let stores: Stores | undefined;
  try {
    const config = loadConfig(process.env);
    db = openDatabase(databaseFile(config.DATA_DIR));
    stores = await openStores(config, db);
    const territory = new TerritoryStore(db);
    const hasTerritory = territory.source() !== undefined;
    return await command({
      config,
      stores,
      audit: new AuditLog(stores.audit, systemClock),
      hasScope: (code) => (hasTerritory ? territory.hasScope(code) : undefined),
    });
  } catch (err) {
    if (err instanceof ConfigError) console.error(`configuration error: ${err.message}`);
    else if (err instanceof CliError) console.error(err.message);
    else console.error(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await stores?.close();
    db?.close();
  }
}

/** Refuses a scope code the territory does not have; warns when there is no territory to check against. */
export function checkScope(ctx: CliContext, code: string): void {
  const known = ctx.hasScope(code);
  if (known === false) throw new CliError(`no scope ${code} in the territory of ${ctx.config.DATA_DIR}`);
  if (known === undefined) console.error(`warning: no territory in ${ctx.config.DATA_DIR} yet, so scope ${code} could not be checked`);
}

/**
 * Records one action of a command that works on the files directly (e.g. `geo:import`) in the
 * audit trail of the store `STORE` names; a trail that cannot be written is reported, and makes
 * the command fail (exit code 1), because an unrecorded change is not allowed to pass silently.
 */
export async function recordCliAction(action: string, target: string, result: AuditEntryInput['result'], detail?: Record<string, unknown>): Promise<void> {
  const code = await runWithStores(async ({ audit }) => {
    await audit.record(CLI_ACTOR, action, target, result, detail);
    return 0;
  });
  if (code !== 0) {
    console.error(`could not record ${action} in the audit trail`);
    process.exitCode = 1;
  }
}
