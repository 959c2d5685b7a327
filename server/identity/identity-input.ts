import { z } from 'zod';
import { ROLES } from './identity-store';

/**
 * What names and codes the identity commands accept, shared by the HTTP routes and the CLIs so
 * both refuse the same things with the same words.
 */
export const usernameInput = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/, 'a username of 2-32 letters, digits, dots, dashes or underscores, starting with a letter or digit');

export const roleInput = z.enum(ROLES, { message: `one of: ${ROLES.join(', ')}` });

export const scopeInput = z.string().regex(/^(\d{6}|\d{9}|\d{12}|\d{15}|\d{17})$/, 'a scope code of 6, 9, 12, 15 or 17 digits');

/** A wall's name as people say it (`指挥大厅主屏`): any printable text up to 64 characters. */
export const displayNameInput = z
  .string()
  .trim()
  .min(1, 'a name')
  .max(64, 'at most 64 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');

export const newAccountInput = z.object({ username: usernameInput, role: roleInput, scope: scopeInput });
export const newDisplayTokenInput = z.object({ name: displayNameInput, scope: scopeInput });
