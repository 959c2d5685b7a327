-- The application's own role loses the right to change the trail, beside the trigger of 001:
-- UPDATE, DELETE and TRUNCATE on audit_log are revoked from everyone, the role running the
-- migrations (the table's owner) included, so a change is refused as "permission denied" before
-- any trigger runs. An owner could grant the rights back (and a superuser ignores grants): a
-- deployment runs the application as a role that owns nothing (see the note in 001).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC, CURRENT_USER;
