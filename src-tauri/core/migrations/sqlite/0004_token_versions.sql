-- zoom_accounts is rebuilt (SQLite's documented twelve-step change) to gain AUTOINCREMENT, so an
-- id is never handed to another Zoom user, and the columns that make token writes safe. Migrations
-- run with foreign keys off (see Store::open): dropping the old table would otherwise detach every
-- connection from its account.

CREATE TABLE zoom_accounts_rebuilt (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    zoom_user_id       TEXT NOT NULL UNIQUE,
    email              TEXT NOT NULL,
    display_name       TEXT NOT NULL,
    user_type          INTEGER NOT NULL,
    timezone           TEXT,
    zoom_account_id    TEXT,
    -- Where the tokens came from: refresh and revoke go there and nowhere else.
    oauth_url          TEXT NOT NULL,
    api_url            TEXT NOT NULL,
    scopes             TEXT NOT NULL,
    tokens             BLOB NOT NULL,
    -- Bumped by every write of `tokens`; a refresh writes only over the version it read.
    tokens_version     INTEGER NOT NULL DEFAULT 1,
    access_expires_at  INTEGER NOT NULL, -- unix ms
    needs_reauth       INTEGER NOT NULL DEFAULT 0,
    -- When Zoom first refused the refresh token without proof that the app was removed (unix ms).
    needs_reauth_since INTEGER,
    connected_at       TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    last_synced_at     INTEGER,
    last_attempt_at    INTEGER,
    sync_problem       TEXT,
    retry_at           INTEGER,
    meetings_digest    TEXT
);

-- Tokens of the first schemas could only have come from Zoom's own host.
INSERT INTO zoom_accounts_rebuilt (id, zoom_user_id, email, display_name, user_type, timezone, zoom_account_id, oauth_url, api_url,
                                   scopes, tokens, access_expires_at, needs_reauth, needs_reauth_since, connected_at, updated_at,
                                   last_synced_at, last_attempt_at, sync_problem, retry_at, meetings_digest)
SELECT id, zoom_user_id, email, display_name, user_type, timezone, zoom_account_id, 'https://zoom.us', api_url,
       scopes, tokens, access_expires_at, needs_reauth,
       CASE WHEN needs_reauth THEN CAST(strftime('%s', 'now') AS INTEGER) * 1000 END, connected_at, updated_at,
       last_synced_at, last_attempt_at, sync_problem, retry_at, meetings_digest
FROM zoom_accounts;

DROP TABLE zoom_accounts;
ALTER TABLE zoom_accounts_rebuilt RENAME TO zoom_accounts;

-- Settings → Zoom changes, by whom: the settings are every event's, so they have a history of their own.
CREATE TABLE settings_history (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id INTEGER REFERENCES users (id),
    key      TEXT NOT NULL,
    old      TEXT,
    new      TEXT,
    at       TEXT NOT NULL
);
