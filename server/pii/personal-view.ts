import { MASKS } from './mask';
import { isSealed, type PiiCipher } from './pii-cipher';

/**
 * What a response may carry of a stored personal field: its masked form. Routes and exports
 * that show people (key populations, grid staff) call this on each sealed field; a value that
 * cannot be opened (another key, damaged) shows as stars rather than failing the whole answer.
 */
export function maskedField(cipher: PiiCipher, field: 'name' | 'phone' | 'idNumber', stored: unknown): string {
  const clear = openField(cipher, stored);
  return clear === undefined ? '***' : MASKS[field]!(clear);
}

/** The clear value of a stored personal field: only for an audited unmasking, never for a list. */
export function openField(cipher: PiiCipher, stored: unknown): string | undefined {
  if (typeof stored !== 'string') return undefined;
  if (!isSealed(stored)) return stored;
  try {
    return cipher.decrypt(stored);
  } catch {
    return undefined;
  }
}
