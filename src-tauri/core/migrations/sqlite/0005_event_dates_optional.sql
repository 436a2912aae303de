-- An event may have no dates yet (the command line creates one without them): both dates or
-- neither. events is rebuilt as SQLite's twelve-step change asks; migrations run with foreign keys
-- off, so the administrators and connections that reference it stay attached.

CREATE TABLE events_rebuilt (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    starts_on  TEXT,
    ends_on    TEXT,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    CHECK ((starts_on IS NULL) = (ends_on IS NULL)),
    CHECK (ends_on >= starts_on)
);

INSERT INTO events_rebuilt (id, title, time_zone, starts_on, ends_on, created_by, created_at)
    SELECT id, title, time_zone, starts_on, ends_on, created_by, created_at FROM events;

DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;
