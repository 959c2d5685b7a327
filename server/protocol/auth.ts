import { z } from 'zod';
import { isoInstant, scopeCode } from './primitives';

/** Roles of accounts; `admin`, `security` and `auditor` are the three separated duties (三员分立). */
export const ROLES = ['admin', 'security', 'auditor', 'duty', 'leader', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** What names the identity commands accept, shared by the HTTP routes and the CLIs. */
export const usernameInput = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/, 'a username of 2-32 letters, digits, dots, dashes or underscores, starting with a letter or digit');

export const roleInput = z.enum(ROLES, { message: `one of: ${ROLES.join(', ')}` });

/** A wall's name as people say it (`指挥大厅主屏`): printable text up to 64 characters. */
export const displayNameInput = z
  .string()
  .trim()
  .min(1, 'a name')
  .max(64, 'at most 64 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');

/** Body of `POST /api/auth/login` (lengths bound the work a request can cause). */
export const loginRequest = z.object({
  username: z.string().min(1, 'a username').max(64, 'at most 64 characters'),
  password: z.string().min(1, 'a password').max(1024, 'at most 1024 characters'),
});

export const userSummary = z.object({ username: z.string(), role: roleInput, scope: scopeCode });

/** Answer of `POST /api/auth/login`. */
export const loginResponse = z.object({ token: z.string(), expiresAt: isoInstant, user: userSummary });
export type LoginResponse = z.infer<typeof loginResponse>;

/** Answer of `GET /api/auth/me`: who the token is. */
export const meResponse = z.object({ kind: z.enum(['user', 'display']), name: z.string(), role: z.string(), scope: scopeCode });
export type MeResponse = z.infer<typeof meResponse>;

/** Body of `POST /api/users`. */
export const newAccountInput = z.object({ username: usernameInput, role: roleInput, scope: scopeCode });
/** Answer of `POST /api/users`: the generated password, shown this once. */
export const newAccountResponse = userSummary.extend({ password: z.string() });

/** Body of `POST /api/display-tokens`. */
export const newDisplayTokenInput = z.object({ name: displayNameInput, scope: scopeCode });
/** Answer of `POST /api/display-tokens`: the token, shown this once. */
export const newDisplayTokenResponse = z.object({ id: z.number().int(), name: z.string(), scope: scopeCode, token: z.string() });

/** Rights beyond a role, granted to one account by the security officer; `unmask` shows one personal record in clear. */
export const RIGHT_NAMES = ['unmask'] as const;
export const rightInput = z.enum(RIGHT_NAMES, { message: `one of: ${RIGHT_NAMES.join(', ')}` });

/** Answer of `GET /api/users/{username}/rights`. */
export const accountRightsResponse = z.object({ username: z.string(), role: roleInput, rights: z.array(rightInput) });
export type AccountRightsResponse = z.infer<typeof accountRightsResponse>;
