-- How each account's last sync went. Times are unix ms.
ALTER TABLE zoom_accounts ADD COLUMN last_synced_at INTEGER;   -- the last complete snapshot
ALTER TABLE zoom_accounts ADD COLUMN last_attempt_at INTEGER;
ALTER TABLE zoom_accounts ADD COLUMN sync_problem TEXT;        -- why the last attempt failed; NULL when it worked
ALTER TABLE zoom_accounts ADD COLUMN retry_at INTEGER;         -- Zoom's rate limit: nothing before this
ALTER TABLE zoom_accounts ADD COLUMN meetings_digest TEXT;     -- of the stored snapshot: an unchanged list writes nothing

-- The last complete list of scheduled meetings per account; replaced whole, never in part.
CREATE TABLE zoom_meetings (
    account_id   INTEGER NOT NULL REFERENCES zoom_accounts (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL,
    topic        TEXT NOT NULL,
    meeting_type INTEGER NOT NULL,
    start_time   TEXT,
    duration     INTEGER,
    timezone     TEXT,
    join_url     TEXT,
    PRIMARY KEY (account_id, position)
) WITHOUT ROWID;
