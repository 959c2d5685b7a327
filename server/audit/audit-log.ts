import type { Clock } from '../clock';
import { identityName, identityRole, type Identity } from '../identity/identity';
import type { AuditEntryInput, AuditStore } from './audit-store';

/** Who acts, as the audit trail records it. */
export interface AuditActor {
  /** A username, `display:<name>`, `cli`, `system` (the server itself) or `anonymous`. */
  actor: string;
  role: string | undefined;
  /** Source address (IP), or `cli` / `local`. */
  source: string;
}

/** The command-line tools (`npm run users`, `display-tokens`, `keys`): whoever holds the server's files. */
export const CLI_ACTOR: AuditActor = { actor: 'cli', role: undefined, source: 'cli' };

/** The server acting on its own (first admin, the in-process simulator's key). */
export const SYSTEM_ACTOR: AuditActor = { actor: 'system', role: undefined, source: 'local' };

/** The audit actor of a checked identity calling from `source`. */
export function actorOf(identity: Identity, source: string): AuditActor {
  return { actor: identityName(identity), role: identityRole(identity), source };
}

/**
 * What routes, sockets and CLIs call to leave a trace: one entry per security-relevant action
 * (time, identity, role, source, action, target, result). Writing is awaited, so an action whose
 * trace cannot be written fails rather than going unrecorded.
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  /** Records `action` (`area.verb`, e.g. `auth.login`) on `target` by `by`. */
  async record(
    by: AuditActor,
    action: string,
    target: string,
    result: AuditEntryInput['result'],
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await this.store.append({
      at: new Date(this.clock.now()).toISOString(),
      actor: by.actor,
      role: by.role,
      source: by.source,
      action,
      target,
      result,
      detail,
    });
  }

  /**
   * An alarm acknowledged on a wall or desk (display tokens acknowledge under their name). The
   * target is the incident; the scope goes into the detail for filtering.
   */
  alarmAcknowledged(by: AuditActor, incidentId: string, scope: string, result: AuditEntryInput['result'] = 'ok'): Promise<void> {
    return this.record(by, 'alarm.acknowledge', incidentId, result, { scope });
  }

  /**
   * An export left the system (a report, the audit trail): what, with which parameters, how many
   * rows and the SHA-256 of the exact bytes handed over, so a leaked file can be traced back to
   * this entry. `exportId` is the id printed in the file's watermark, when it has one.
   */
  exported(
    by: AuditActor,
    e: { kind: string; format: string; parameters: Record<string, unknown>; rows: number; sha256: string; exportId?: string; scope?: string },
    result: AuditEntryInput['result'] = 'ok',
  ): Promise<void> {
    return this.record(by, `export.${e.format}`, e.exportId ?? e.kind, result, {
      kind: e.kind,
      ...(e.scope === undefined ? {} : { scope: e.scope }),
      parameters: e.parameters,
      rows: e.rows,
      sha256: e.sha256,
    });
  }
}
