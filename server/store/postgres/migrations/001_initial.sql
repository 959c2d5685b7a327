-- The durable stores on PostgreSQL: the event log, identities and the audit trail.
-- Applied once by migrate.ts, inside its transaction, in the schema of the connection's search_path.

-- The event log. seq is assigned by the application under an advisory lock (max + 1), not by a
-- sequence: a sequence hands out numbers that a rolled-back transaction never uses, and the log
-- must stay gap-free. data is the JSON text as appended (not jsonb): jsonb would refuse \u0000 in
-- strings and reorder keys, and the log keeps what was sent.
CREATE TABLE events (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  occurred_at text NOT NULL,          -- as sent, with its offset
  received_at timestamptz NOT NULL,
  hash text NOT NULL,
  data text NOT NULL
);

-- Derived states complete up to seq, one per name (replaced on save).
CREATE TABLE checkpoints (
  name text PRIMARY KEY,
  seq bigint NOT NULL,
  state text NOT NULL,
  saved_at timestamptz NOT NULL
);

-- Identities. Rows are never deleted: disabled and revoked ones stay for the audit trail.
CREATE TABLE accounts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  role text NOT NULL,
  scope text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);

CREATE TABLE display_tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  scope text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE api_keys (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX api_keys_name ON api_keys (name);

-- Server-wide secrets, the same for every node (created by the first node that needs one).
CREATE TABLE secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL
);

-- The audit trail, chained by hash (server/audit/audit-hash.ts). seq is assigned under an advisory
-- lock like the event log's, so two nodes never fork the chain. at is kept as the text the hash
-- covers, at_ts is the same instant as a timestamp for filtering; detail is JSON text, NULL when
-- absent.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  at text NOT NULL,
  at_ts timestamptz NOT NULL,
  actor text NOT NULL,
  role text,
  source text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  result text NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
  detail text,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_at ON audit_log (at_ts);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

-- Append-only for everyone, the application included: UPDATE, DELETE and TRUNCATE raise.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Recommended in production, in addition to the trigger (which the table's owner could drop):
-- run the migrations as an owner role and the application as a role without the right to change
-- the trail or its trigger, e.g.
--
--   REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM app_role;
--   GRANT SELECT, INSERT ON audit_log TO app_role;
--
-- so that even a compromised application cannot rewrite history.
