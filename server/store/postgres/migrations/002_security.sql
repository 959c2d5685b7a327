-- Access control beside the accounts (server/identity/security-store.ts): sessions (logout, idle
-- timeout), failed sign-ins and locks, and rights granted by the security officer. Times are
-- milliseconds since the epoch, as the application's clock gives them.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  username text NOT NULL,
  created_at bigint NOT NULL,
  last_active_at bigint NOT NULL,
  ended_at bigint,
  end_reason text
);
CREATE INDEX sessions_open_username ON sessions (username) WHERE ended_at IS NULL;

CREATE TABLE login_failures (
  username text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_at bigint NOT NULL,
  locked_until bigint
);

CREATE TABLE account_rights (
  username text NOT NULL,
  right_name text NOT NULL,
  granted_by text NOT NULL,
  granted_at bigint NOT NULL,
  PRIMARY KEY (username, right_name)
);
