import { ManualClock } from '../../server/clock';
import { CLI_ACTOR } from '../../server/audit/audit-log';
import { createAccount } from '../../server/identity/accounts';
import { startTestServer, type RunningTestServer } from './test-server';
import { ingest } from './kpi-fixture';
import { REPORT_EVENTS, REPORT_NOW } from './report-fixture';

/** A test server at `REPORT_NOW` holding `REPORT_EVENTS`, with an analyst over the district (the desk's tests). */
export async function startReportServer(analyst: { username: string; password: string }): Promise<RunningTestServer> {
  const running = await startTestServer({ clock: new ManualClock(REPORT_NOW) });
  await ingest(running, REPORT_EVENTS);
  const deps = { identity: running.server.stores.identity, audit: running.server.audit };
  await createAccount(deps, CLI_ACTOR, { username: analyst.username, role: 'analyst', scope: running.server.territory.territory.district.code }, analyst.password);
  return running;
}
