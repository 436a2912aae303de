-- App settings (Settings → Zoom), one value per key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per Zoom user the app holds a grant for; shared by every connection that uses it.
CREATE TABLE zoom_accounts (
    id                INTEGER PRIMARY KEY,
    zoom_user_id      TEXT NOT NULL UNIQUE,
    email             TEXT NOT NULL,
    display_name      TEXT NOT NULL,
    user_type         INTEGER NOT NULL,
    timezone          TEXT,
    zoom_account_id   TEXT,
    api_url           TEXT NOT NULL,
    scopes            TEXT NOT NULL,
    -- The access and refresh tokens, sealed with the vault's key.
    tokens            BLOB NOT NULL,
    access_expires_at INTEGER NOT NULL, -- unix ms
    needs_reauth      INTEGER NOT NULL DEFAULT 0,
    connected_at      TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE zoom_connections (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    zoom_account_id INTEGER REFERENCES zoom_accounts (id) ON DELETE SET NULL,
    notice          TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (event_id, name COLLATE NOCASE)
);

CREATE INDEX zoom_connections_by_account ON zoom_connections (zoom_account_id);

-- A browser sent to Zoom; kept in the database so a callback completes after a restart.
CREATE TABLE pending_authorizations (
    state_hash    TEXT PRIMARY KEY, -- SHA-256 of the one-time state, never the state itself
    connection_id INTEGER NOT NULL REFERENCES zoom_connections (id) ON DELETE CASCADE,
    requested_by  INTEGER NOT NULL REFERENCES users (id),
    verifier      BLOB NOT NULL,    -- the PKCE verifier, sealed
    redirect_uri  TEXT NOT NULL,
    expires_at    INTEGER NOT NULL  -- unix ms
) WITHOUT ROWID;

CREATE INDEX pending_authorizations_by_connection ON pending_authorizations (connection_id);

-- «История»: what happened to an event's connections, by whom.
CREATE TABLE zoom_history (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    action          TEXT NOT NULL,
    actor_id        INTEGER REFERENCES users (id), -- NULL when Zoom did it
    connection_name TEXT NOT NULL,
    zoom_email      TEXT,
    detail          TEXT,
    at              TEXT NOT NULL
);

CREATE INDEX zoom_history_by_event ON zoom_history (event_id, id);
