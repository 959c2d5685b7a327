import type { AuditActor, AuditLog } from '../audit/audit-log';
import type { IdentityStore } from '../identity/identity-store';
import { newSecret, tokenHash } from '../identity/token-hash';

/**
 * API keys of upstream systems (one name per sender), kept in the identity store. A key is shown
 * once when created; only its SHA-256 is stored. Creating and revoking are audited.
 */
export class ApiKeys {
  constructor(
    private readonly identity: IdentityStore,
    private readonly audit: AuditLog,
  ) {}

  /** Creates a key for `name` and returns it; it cannot be read back later. */
  async create(name: string, by: AuditActor): Promise<string> {
    const key = newSecret('gck_');
    const stored = await this.identity.createApiKey({ name, keyHash: tokenHash(key) });
    await this.audit.record(by, 'api-key.create', name, 'ok', { id: stored.id });
    return key;
  }

  /** Revokes every key of `name`; returns how many. */
  async revokeAll(name: string, by: AuditActor): Promise<number> {
    const count = await this.identity.revokeApiKeys(name);
    await this.audit.record(by, 'api-key.revoke', name, 'ok', { count });
    return count;
  }

  /** The name of the sender holding `key`, or `undefined` for an unknown or revoked key. */
  async verify(key: string): Promise<string | undefined> {
    return (await this.identity.findApiKeyByHash(tokenHash(key)))?.name;
  }
}
