-- API keys: bearer tokens of a tenant, each with one role (viewer, user, agent, admin; the
-- permission matrix is io.agentry.core.auth.Permission). Only a SHA-256 hash of the token is
-- stored; the token itself is shown once, at creation. The prefix (the token's first characters,
-- not secret on its own) finds the row without scanning every hash.

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role         text NOT NULL CHECK (role IN ('viewer', 'user', 'agent', 'admin')),
  prefix       text NOT NULL UNIQUE CHECK (length(prefix) BETWEEN 8 AND 32),
  token_sha256 bytea NOT NULL CHECK (length(token_sha256) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at, id);
-- What start-up checks: is there any admin key that still works?
CREATE INDEX api_keys_live_admins ON api_keys (role) WHERE role = 'admin' AND revoked_at IS NULL;
