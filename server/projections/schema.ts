import { OPEN_STATES } from '../aggregate/workorder/lifecycle';
import type { ReadDb } from './read-db';

/**
 * The read models folded from the event log, queried by summaries, lists and exports. Times are
 * epoch milliseconds (BIGINT); `day`/`hour` are cut in the reports' zone when projected; `scope`
 * is the deepest scope code an item was placed in, so "in scope X" is the prefix range
 * `scope >= X AND scope < X || '~'` (codes nest by prefix).
 *
 * Bump `PROJECTION_VERSION` whenever a table or a fold rule changes: the projections are then
 * dropped and rebuilt from the log at start (the log is the source of truth).
 */
export const PROJECTION_VERSION = 7;

const TABLES = [
  'p_incidents',
  'p_workorders',
  'p_moves',
  'p_dispatches',
  'p_ratings',
  'p_calls',
  'p_cameras',
  'p_camera_status',
  'p_buildings',
  'p_patrols',
  'p_persons',
  'p_person_history',
  'p_staff',
  'p_reminders',
  'p_alarm_acks',
  'p_placed',
] as const;

const DDL = `

CREATE TABLE IF NOT EXISTS p_incidents (
  incident_id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  occurred_at BIGINT NOT NULL,
  day TEXT NOT NULL,
  hour INTEGER NOT NULL,
  scope TEXT NOT NULL,
  category TEXT NOT NULL,
  source TEXT NOT NULL,
  severity INTEGER NOT NULL,
  lng DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  description TEXT NOT NULL,
  work_order_id TEXT,
  first_resolved_at BIGINT,
  closed_at BIGINT
);
-- Summaries read a scope's incidents of a period from this index alone (no row lookups): a
-- year of the city is a million rows, and lookups in scope order cost more than the rest.
CREATE INDEX IF NOT EXISTS p_incidents_scope_time_c ON p_incidents (scope, occurred_at, category, source, day, first_resolved_at, closed_at);
CREATE INDEX IF NOT EXISTS p_incidents_time ON p_incidents (occurred_at);
-- The drill-down's "what happened near here" (a building, an address): a box on lng, then lat.
CREATE INDEX IF NOT EXISTS p_incidents_lnglat ON p_incidents (lng, lat);

CREATE TABLE IF NOT EXISTS p_workorders (
  work_order_id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  scope TEXT,
  source TEXT,
  category TEXT,
  state TEXT,
  level TEXT,
  department TEXT,
  opened_at BIGINT,
  latest_dispatch_at BIGINT,
  acceptance_deadline BIGINT,
  resolution_deadline BIGINT,
  first_resolved_at BIGINT,
  first_resolved_on_time INTEGER,
  handling_ms BIGINT,
  closed_at BIGINT,
  returned_count INTEGER NOT NULL DEFAULT 0,
  extended_count INTEGER NOT NULL DEFAULT 0,
  supervised_count INTEGER NOT NULL DEFAULT 0,
  anomalies INTEGER NOT NULL DEFAULT 0,
  last_move_at BIGINT
);
CREATE INDEX IF NOT EXISTS p_workorders_incident ON p_workorders (incident_id);
-- Covering, as p_incidents_scope_time_c: first resolutions of a period; orders opened in a period
-- (outcomes by department).
CREATE INDEX IF NOT EXISTS p_workorders_scope_resolved_c ON p_workorders (scope, first_resolved_at, first_resolved_on_time, handling_ms);
CREATE INDEX IF NOT EXISTS p_workorders_scope_opened_c ON p_workorders (scope, opened_at, department, first_resolved_at, first_resolved_on_time, handling_ms, returned_count, extended_count);
-- Orders open at an instant: never closed (closed_at IS NULL is an equality here, so the seek is
-- exact: the live wall asks on every delta, whatever the log's length) or closed after it.
CREATE INDEX IF NOT EXISTS p_workorders_scope_closed ON p_workorders (scope, closed_at, opened_at);
-- Orders not closed yet (open ones, and resolved or verified ones waiting to be closed): the
-- reminders' scan, lists by state. Keyed by what the fold rarely changes: an index over the state
-- itself was rewritten at every move (a third of the events), this one at an order's opening and
-- closing. Queries name "closed_at IS NULL" for SQLite to choose it (only "closed" sets it).
CREATE INDEX IF NOT EXISTS p_workorders_unclosed ON p_workorders (scope) WHERE closed_at IS NULL;

CREATE TABLE IF NOT EXISTS p_moves (
  work_order_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  occurred_at BIGINT NOT NULL,
  to_state TEXT NOT NULL,
  department TEXT NOT NULL,
  level TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT,
  deadline BIGINT,
  legal INTEGER NOT NULL,
  reason TEXT,
  state_before TEXT,
  state_after TEXT,
  PRIMARY KEY (work_order_id, seq)
);
CREATE INDEX IF NOT EXISTS p_moves_illegal ON p_moves (occurred_at) WHERE legal = 0;

CREATE TABLE IF NOT EXISTS p_dispatches (
  work_order_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  returned_at BIGINT,
  scope TEXT,
  PRIMARY KEY (work_order_id, at)
);
CREATE INDEX IF NOT EXISTS p_dispatches_scope_at_c ON p_dispatches (scope, at, returned_at);

CREATE TABLE IF NOT EXISTS p_ratings (
  work_order_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  occurred_at BIGINT NOT NULL,
  satisfied INTEGER NOT NULL,
  PRIMARY KEY (work_order_id, seq)
);
CREATE INDEX IF NOT EXISTS p_ratings_time ON p_ratings (occurred_at);

CREATE TABLE IF NOT EXISTS p_calls (
  call_id TEXT PRIMARY KEY,
  offered_at BIGINT NOT NULL,
  answered_at BIGINT,
  within_10s INTEGER NOT NULL,
  scope TEXT NOT NULL,
  category TEXT
);
CREATE INDEX IF NOT EXISTS p_calls_scope_time_c ON p_calls (scope, offered_at, answered_at, within_10s);

CREATE TABLE IF NOT EXISTS p_cameras (
  camera_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  lng DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  scope TEXT NOT NULL,
  stream TEXT NOT NULL,
  registered_at BIGINT NOT NULL,
  online INTEGER NOT NULL,
  status_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS p_cameras_scope ON p_cameras (scope);
CREATE INDEX IF NOT EXISTS p_cameras_lnglat ON p_cameras (lng, lat);
-- A camera's statuses in time order, clustered (the "online as of" lookup reads the last one up to
-- an instant): one B-tree written per status instead of a table and two indexes over it. The
-- same event folded again has the same key (its seq is its own), so it is not counted twice.
CREATE TABLE IF NOT EXISTS p_camera_status (
  camera_id TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  online INTEGER NOT NULL,
  PRIMARY KEY (camera_id, occurred_at, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS p_buildings (
  building_id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  scope TEXT NOT NULL,
  lng DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  floors INTEGER NOT NULL,
  households INTEGER NOT NULL,
  residents INTEGER NOT NULL,
  rental_level TEXT,
  registered_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS p_buildings_rental ON p_buildings (rental_level, scope);
CREATE INDEX IF NOT EXISTS p_buildings_scope ON p_buildings (scope);
CREATE INDEX IF NOT EXISTS p_buildings_lnglat ON p_buildings (lng, lat);
CREATE INDEX IF NOT EXISTS p_buildings_address ON p_buildings (address);

CREATE TABLE IF NOT EXISTS p_patrols (
  patrol_id TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL,
  building_id TEXT,
  occurred_at BIGINT NOT NULL,
  scope TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS p_patrols_building_time ON p_patrols (building_id, occurred_at);

CREATE TABLE IF NOT EXISTS p_persons (
  person_id TEXT PRIMARY KEY,
  categories TEXT,
  scope TEXT NOT NULL,
  building_id TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS p_persons_scope ON p_persons (scope);
CREATE INDEX IF NOT EXISTS p_persons_building ON p_persons (building_id);
CREATE TABLE IF NOT EXISTS p_person_history (
  person_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  occurred_at BIGINT NOT NULL,
  categories TEXT,
  scope TEXT NOT NULL,
  PRIMARY KEY (person_id, seq)
);
CREATE INDEX IF NOT EXISTS p_person_history_scope ON p_person_history (scope, occurred_at);
CREATE INDEX IF NOT EXISTS p_person_history_person ON p_person_history (person_id, occurred_at, seq);

CREATE TABLE IF NOT EXISTS p_staff (
  staff_id TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  grid TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS p_staff_grid ON p_staff (grid);

CREATE TABLE IF NOT EXISTS p_alarm_acks (
  incident_id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  by_name TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS p_incidents_severe ON p_incidents (occurred_at) WHERE severity >= 3;

-- Every scope code an item was placed in (see scopeFilter in place.ts): a scope's rows are read as one
-- index seek per code placed under it, so a period is an exact range in each (scope, time) index
-- instead of a scan of the subtree's whole prefix range (a year's rows for the district's today).
CREATE TABLE IF NOT EXISTS p_placed (
  code TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS p_reminders (
  work_order_id TEXT NOT NULL,
  reminder_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (work_order_id, reminder_key)
);
`;

/**
 * Creates the tables; when the stored version differs from `PROJECTION_VERSION`, drops the old
 * ones first and returns `true` (the caller replays the log from the start).
 */
export function ensureProjectionSchema(db: ReadDb, logIdentity: string): { rebuilt: boolean } {
  db.exec('CREATE TABLE IF NOT EXISTS p_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const state = new Map(db.all<{ name: string; value: string }>('SELECT name, value FROM p_state').map((r) => [r.name, r.value] as const));
  // Rebuild when the rules changed, or when these models were folded from another log (a new
  // PostgreSQL database, a restored backup): positions in one log mean nothing in another.
  const rebuilt = state.get('version') !== String(PROJECTION_VERSION) || state.get('log') !== logIdentity;
  const hadPlaced = db.get('SELECT 1 AS x FROM sqlite_master WHERE type = ? AND name = ?', ['table', 'p_placed']) !== undefined;
  db.transaction(() => {
    if (rebuilt) {
      for (const t of TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
      db.run('DELETE FROM p_state');
    }
    // Indexes replaced by covering ones (models folded by an earlier version keep their rows).
    for (const index of REPLACED_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
    db.exec(DDL);
    // Models folded before p_placed existed: record the codes they already hold, once.
    if (!rebuilt && !hadPlaced) db.run(`INSERT OR IGNORE INTO p_placed (code) ${PLACED_CODES}`);
    if (rebuilt) {
      db.run("INSERT INTO p_state (name, value) VALUES ('version', ?), ('log', ?), ('seq', '0')", [String(PROJECTION_VERSION), logIdentity]);
    }
  });
  return { rebuilt };
}

const REPLACED_INDEXES = ['p_incidents_scope_time', 'p_workorders_scope_resolved', 'p_workorders_scope_opened', 'p_dispatches_scope_at', 'p_calls_scope_time'];

/** Every scope code the models hold, from each table that places items. */
const PLACED_CODES = ['p_incidents', 'p_workorders', 'p_dispatches', 'p_calls', 'p_cameras', 'p_buildings', 'p_patrols', 'p_persons', 'p_person_history']
  .map((t) => `SELECT scope FROM ${t} WHERE scope IS NOT NULL`)
  .concat('SELECT grid FROM p_staff')
  .join(' UNION ');

/**
 * "The order is in an open state" over `p_workorders` (`prefix`: its alias and a dot), taking
 * `OPEN_STATES` as parameters. It names `closed_at IS NULL` (true of every state but `closed`)
 * so that SQLite reads the index of orders not closed instead of every order of the scope.
 */
export function openOrderWhere(prefix = ''): string {
  return `${prefix}closed_at IS NULL AND ${prefix}state IN (${OPEN_STATES.map(() => '?').join(',')})`;
}

/**
 * "The order is in `state`" over `p_workorders`, taking the state as a parameter: for any state
 * but `closed` it names `closed_at IS NULL` too, for the same index as `openOrderWhere`.
 */
export function orderStateWhere(state: string, prefix = ''): string {
  return state === 'closed' ? `${prefix}state = ?` : `${prefix}closed_at IS NULL AND ${prefix}state = ?`;
}

/** The log position the projections are complete up to. */
export function projectedSeq(db: ReadDb): number {
  return Number(db.get<{ value: string }>("SELECT value FROM p_state WHERE name = 'seq'")?.value ?? 0);
}
