import { PERSONAL_FIELDS } from './personal-fields';
import { isSealed, PiiCipher } from './pii-cipher';

/** Where sealed fields live, as `pii:rotate` walks them: rows of JSON text, rewritten only if unchanged meanwhile. */
export interface SealedRows {
  /** What the rows are, for the report (`event log`, `read model p_staff`). */
  name: string;
  /** Rows after `after` (an opaque, increasing position), at most `limit`, each with its fields as JSON text. */
  page(after: number, limit: number): Promise<{ position: number; type: string; json: string }[]>;
  /** Replaces the row's JSON text if it is still `before` (a concurrent writer wins); true if replaced. */
  replace(position: number, before: string, after: string): Promise<boolean>;
}

export interface ResealReport {
  name: string;
  rows: number;
  resealed: number;
  /** Fields sealed under a key the keyring does not hold: left as they are. */
  unreadable: number;
  /** Rows changed by someone else while being resealed (a later run picks them up). */
  raced: number;
}

const PAGE = 500;

/**
 * Re-seals, under the cipher's current key, every personal field that an older key sealed, page
 * by page, while the server keeps running: each row is replaced only if it is still what was read
 * (compare and set), and the server, holding the same keyring, reads both forms meanwhile. Run it
 * again until it reports nothing resealed; it is idempotent.
 */
export async function resealRows(rows: SealedRows, cipher: PiiCipher): Promise<ResealReport> {
  const report: ResealReport = { name: rows.name, rows: 0, resealed: 0, unreadable: 0, raced: 0 };
  let after = 0;
  for (;;) {
    const page = await rows.page(after, PAGE);
    for (const row of page) {
      report.rows++;
      const fields = PERSONAL_FIELDS[row.type] ?? [];
      const data = JSON.parse(row.json) as Record<string, unknown>;
      let changed = false;
      for (const f of fields) {
        const v = data[f];
        if (!isSealed(v) || PiiCipher.keyIdOfSealed(v) === cipher.keyId) continue;
        try {
          data[f] = cipher.encrypt(cipher.decrypt(v));
          changed = true;
        } catch {
          report.unreadable++;
        }
      }
      if (!changed) continue;
      if (await rows.replace(row.position, row.json, JSON.stringify(data))) report.resealed++;
      else report.raced++;
    }
    if (page.length < PAGE) return report;
    after = page[page.length - 1]!.position;
  }
}
