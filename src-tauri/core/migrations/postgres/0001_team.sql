-- The team database: one schema, `myscihub`, owned by the role that ran `team init` (the owner),
-- which creates the schema and runs this file with it first on the search path.
-- Every member signs in as its own login role, a member of `myscihub_member`. Row-level security,
-- forced for the owner too, lets a member see and change only the events it administers.
--
-- What must look past one member's events does so through `SECURITY DEFINER` functions owned by
-- `myscihub_definer`, a role nobody signs in as: the policies let that role through, so the
-- functions see every row while each one answers only its narrow question. They name the caller
-- by `session_user`, the role that signed in, which a function cannot change.

CREATE ROLE myscihub_member NOLOGIN;
CREATE ROLE myscihub_definer NOLOGIN;
-- The owner hands its functions to the definer role, and so must be able to act as it, until the
-- end of this file: a member of the definer role would pass its policies.
GRANT myscihub_definer TO CURRENT_USER;

GRANT USAGE ON SCHEMA myscihub TO myscihub_member, myscihub_definer;
-- A function's owner must be able to create in its schema.
GRANT CREATE ON SCHEMA myscihub TO myscihub_definer;
SET search_path = myscihub;
-- What `myscihub team status` reads: the schema's version.
GRANT SELECT ON _sqlx_migrations TO myscihub_member;

-- Members: the team's administrators, keyed by their database role.
CREATE TABLE users (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_name  TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_by_email ON users (lower(email));

CREATE TABLE events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    starts_on  TEXT,
    ends_on    TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    CHECK ((starts_on IS NULL) = (ends_on IS NULL)),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE event_admins (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id),
    added_by BIGINT REFERENCES users (id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_admins_by_user ON event_admins (user_id, event_id);

-- The team's Zoom app (client id, OAuth host, how the browser returns): the same for everyone.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE settings_history (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id BIGINT REFERENCES users (id),
    key      TEXT NOT NULL,
    old      TEXT,
    new      TEXT,
    at       TEXT NOT NULL
);

CREATE TABLE zoom_accounts (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zoom_user_id       TEXT NOT NULL UNIQUE,
    email              TEXT NOT NULL,
    display_name       TEXT NOT NULL,
    user_type          BIGINT NOT NULL,
    timezone           TEXT,
    zoom_account_id    TEXT,
    oauth_url          TEXT NOT NULL,
    api_url            TEXT NOT NULL,
    scopes             TEXT NOT NULL,
    -- Sealed with the team key: a copy of the database alone yields no token.
    tokens             BYTEA NOT NULL,
    tokens_version     BIGINT NOT NULL DEFAULT 1,
    access_expires_at  BIGINT NOT NULL, -- unix ms
    needs_reauth       BOOLEAN NOT NULL DEFAULT false,
    needs_reauth_since BIGINT,
    connected_at       TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    last_synced_at     BIGINT,
    last_attempt_at    BIGINT,
    sync_problem       TEXT,
    retry_at           BIGINT,
    meetings_digest    TEXT
);

CREATE TABLE zoom_connections (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    zoom_account_id BIGINT REFERENCES zoom_accounts (id) ON DELETE SET NULL,
    notice          TEXT,
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX zoom_connections_name ON zoom_connections (event_id, lower(name));
CREATE INDEX zoom_connections_by_account ON zoom_connections (zoom_account_id);

CREATE TABLE pending_authorizations (
    state_hash    TEXT PRIMARY KEY,
    connection_id BIGINT NOT NULL REFERENCES zoom_connections (id) ON DELETE CASCADE,
    requested_by  BIGINT NOT NULL REFERENCES users (id),
    verifier      BYTEA NOT NULL,
    redirect_uri  TEXT NOT NULL,
    expires_at    BIGINT NOT NULL
);

CREATE TABLE zoom_history (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    action          TEXT NOT NULL,
    actor_id        BIGINT REFERENCES users (id),
    connection_name TEXT NOT NULL,
    zoom_email      TEXT,
    detail          TEXT,
    at              TEXT NOT NULL
);
CREATE INDEX zoom_history_by_event ON zoom_history (event_id, id);

CREATE TABLE zoom_meetings (
    account_id   BIGINT NOT NULL REFERENCES zoom_accounts (id) ON DELETE CASCADE,
    position     BIGINT NOT NULL,
    meeting_id   BIGINT NOT NULL,
    topic        TEXT NOT NULL,
    meeting_type BIGINT NOT NULL,
    start_time   TEXT,
    duration     BIGINT,
    timezone     TEXT,
    join_url     TEXT,
    PRIMARY KEY (account_id, position)
);

-- The store's timestamps: RFC 3339, UTC, milliseconds, as the app writes them.
CREATE FUNCTION stamp() RETURNS TEXT
    LANGUAGE sql STABLE SET search_path = myscihub, pg_temp
    AS $$ SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

-- Who is asking, and what they may see. Owned by the definer role (below), so that the policies
-- that call them do not call themselves.

CREATE FUNCTION me() RETURNS BIGINT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$ SELECT id FROM users WHERE role_name = session_user $$;

CREATE FUNCTION administers(event BIGINT) RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM event_admins a JOIN users u ON u.id = a.user_id
                         WHERE a.event_id = event AND u.role_name = session_user) $$;

-- A Zoom account is seen by the administrators of the events whose connections use it.
CREATE FUNCTION sees_account(account BIGINT) RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM zoom_connections c WHERE c.zoom_account_id = account AND administers(c.event_id)) $$;

CREATE FUNCTION sees_connection(connection BIGINT) RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM zoom_connections c WHERE c.id = connection AND administers(c.event_id)) $$;

-- The narrow ways across events.

-- A new event, and its creator as its first administrator, in one step: a member may insert an
-- administrator only into an event it administers already.
CREATE FUNCTION create_event(title TEXT, time_zone TEXT, starts_on TEXT, ends_on TEXT) RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$
DECLARE
    member BIGINT := me();
    event BIGINT;
BEGIN
    IF member IS NULL THEN
        RAISE EXCEPTION 'not a member of the team' USING ERRCODE = '42501';
    END IF;
    INSERT INTO events (title, time_zone, starts_on, ends_on, created_by, created_at)
        VALUES (title, time_zone, starts_on, ends_on, member, stamp()) RETURNING id INTO event;
    INSERT INTO event_admins (event_id, user_id, added_by, added_at) VALUES (event, member, NULL, stamp());
    RETURN event;
END $$;

-- Before revoking at Zoom: is the account used by a connection other than this one, in any event?
-- Answers only for an account the caller sees (asked before its own connection lets go of it), so
-- it is no way to probe other accounts.
CREATE FUNCTION account_used_elsewhere(account BIGINT, connection BIGINT) RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$ SELECT CASE WHEN sees_account(account)
                      THEN EXISTS (SELECT 1 FROM zoom_connections WHERE zoom_account_id = account AND id <> connection)
                 END $$;

-- Zoom removed the grant (the app was removed in the Marketplace): the account leaves every
-- event, each of which keeps a notice and a history line. Only for an account the caller sees;
-- answers with the caller's own events it touched, and says nothing of the others.
CREATE FUNCTION purge_zoom_account(account BIGINT, why TEXT) RETURNS SETOF BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$
DECLARE
    email TEXT;
BEGIN
    IF why NOT IN ('appRemovedInZoom', 'reconnectTimedOut') THEN
        RAISE EXCEPTION 'unknown reason %', why USING ERRCODE = '22023';
    END IF;
    IF NOT sees_account(account) THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT DISTINCT c.event_id FROM zoom_connections c WHERE c.zoom_account_id = account AND administers(c.event_id);
    SELECT a.email INTO email FROM zoom_accounts a WHERE a.id = account;
    INSERT INTO zoom_history (event_id, action, actor_id, connection_name, zoom_email, detail, at)
        SELECT c.event_id, CASE why WHEN 'appRemovedInZoom' THEN 'revokedByZoom' ELSE 'reconnectTimedOut' END,
               NULL, c.name, email, NULL, stamp()
        FROM zoom_connections c WHERE c.zoom_account_id = account;
    UPDATE zoom_connections SET notice = why, zoom_account_id = NULL WHERE zoom_account_id = account;
    DELETE FROM zoom_accounts WHERE id = account;
END $$;

-- Links a connection the caller administers to the Zoom user it signed in, whose account may be
-- one another event already uses (and the caller cannot see): its profile and tokens are the
-- newest grant's.
CREATE FUNCTION link_zoom_account(connection BIGINT, new_zoom_user_id TEXT, new_email TEXT, new_display_name TEXT,
                                  new_user_type BIGINT, new_timezone TEXT, new_zoom_account_id TEXT, new_oauth_url TEXT,
                                  new_api_url TEXT, new_scopes TEXT, new_tokens BYTEA, new_access_expires_at BIGINT, at TEXT)
    RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$
DECLARE
    account BIGINT;
BEGIN
    IF NOT sees_connection(connection) THEN
        RAISE EXCEPTION 'not a connection of an event the caller administers' USING ERRCODE = '42501';
    END IF;
    INSERT INTO zoom_accounts AS a (zoom_user_id, email, display_name, user_type, timezone, zoom_account_id, oauth_url, api_url,
                                    scopes, tokens, access_expires_at, needs_reauth, connected_at, updated_at)
        VALUES (new_zoom_user_id, new_email, new_display_name, new_user_type, new_timezone, new_zoom_account_id, new_oauth_url,
                new_api_url, new_scopes, new_tokens, new_access_expires_at, false, at, at)
        ON CONFLICT (zoom_user_id) DO UPDATE SET
            email = excluded.email, display_name = excluded.display_name, user_type = excluded.user_type,
            timezone = excluded.timezone, zoom_account_id = excluded.zoom_account_id, oauth_url = excluded.oauth_url,
            api_url = excluded.api_url, scopes = excluded.scopes, tokens = excluded.tokens,
            tokens_version = a.tokens_version + 1, access_expires_at = excluded.access_expires_at,
            needs_reauth = false, needs_reauth_since = NULL, updated_at = excluded.updated_at
        RETURNING a.id INTO account;
    UPDATE zoom_connections SET zoom_account_id = account, notice = NULL WHERE id = connection;
    RETURN account;
END $$;

-- The owner registers a member (a role it created, or one a DBA made).
CREATE FUNCTION register_member(role TEXT, name TEXT, email TEXT) RETURNS BIGINT
    LANGUAGE sql SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$ INSERT INTO users (role_name, name, email, created_at) VALUES (role, name, email, stamp()) RETURNING id $$;

-- Live windows: every change to what an event's Zoom page shows is announced on that event's
-- channel, `myscihub_event_<id>`, with nothing in the payload but the event's id; a change of
-- its administrators also on each one's `myscihub_member_<user id>`. An account's
-- change (a sync, a token refresh) is announced to every event whose connections use it.
CREATE FUNCTION announce() RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = myscihub, pg_temp
    AS $$
DECLARE
    row RECORD := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    event BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'zoom_accounts' THEN
        FOR event IN SELECT DISTINCT c.event_id FROM zoom_connections c WHERE c.zoom_account_id = row.id LOOP
            PERFORM pg_notify('myscihub_event_' || event, event::text);
        END LOOP;
    ELSE
        PERFORM pg_notify('myscihub_event_' || row.event_id, row.event_id::text);
    END IF;
    -- A member made an administrator of an event (or no longer one) starts (or stops) listening to it.
    IF TG_TABLE_NAME = 'event_admins' THEN
        PERFORM pg_notify('myscihub_member_' || row.user_id, row.event_id::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER announce AFTER INSERT OR UPDATE OR DELETE ON zoom_connections FOR EACH ROW EXECUTE FUNCTION announce();
CREATE TRIGGER announce AFTER INSERT OR UPDATE OR DELETE ON event_admins FOR EACH ROW EXECUTE FUNCTION announce();
CREATE TRIGGER announce AFTER UPDATE ON zoom_accounts FOR EACH ROW EXECUTE FUNCTION announce();

ALTER FUNCTION announce() OWNER TO myscihub_definer;
ALTER FUNCTION stamp() OWNER TO myscihub_definer;
ALTER FUNCTION me() OWNER TO myscihub_definer;
ALTER FUNCTION administers(BIGINT) OWNER TO myscihub_definer;
ALTER FUNCTION sees_account(BIGINT) OWNER TO myscihub_definer;
ALTER FUNCTION sees_connection(BIGINT) OWNER TO myscihub_definer;
ALTER FUNCTION create_event(TEXT, TEXT, TEXT, TEXT) OWNER TO myscihub_definer;
ALTER FUNCTION account_used_elsewhere(BIGINT, BIGINT) OWNER TO myscihub_definer;
ALTER FUNCTION purge_zoom_account(BIGINT, TEXT) OWNER TO myscihub_definer;
ALTER FUNCTION register_member(TEXT, TEXT, TEXT) OWNER TO myscihub_definer;
ALTER FUNCTION link_zoom_account(BIGINT, TEXT, TEXT, TEXT, BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, BYTEA, BIGINT, TEXT) OWNER TO myscihub_definer;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA myscihub FROM PUBLIC;
GRANT EXECUTE ON FUNCTION me(), administers(BIGINT), sees_account(BIGINT), sees_connection(BIGINT),
    create_event(TEXT, TEXT, TEXT, TEXT), account_used_elsewhere(BIGINT, BIGINT), purge_zoom_account(BIGINT, TEXT),
    link_zoom_account(BIGINT, TEXT, TEXT, TEXT, BIGINT, TEXT, TEXT, TEXT, TEXT, TEXT, BYTEA, BIGINT, TEXT), stamp()
    TO myscihub_member;
-- Registering members is the owner's alone.
GRANT EXECUTE ON FUNCTION register_member(TEXT, TEXT, TEXT) TO CURRENT_USER;
REVOKE myscihub_definer FROM CURRENT_USER;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA myscihub TO myscihub_member, myscihub_definer;

-- Row-level security on every table, forced for the owner as well.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
ALTER TABLE event_admins ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_admins FORCE ROW LEVEL SECURITY;
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings FORCE ROW LEVEL SECURITY;
ALTER TABLE settings_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings_history FORCE ROW LEVEL SECURITY;
ALTER TABLE zoom_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_accounts FORCE ROW LEVEL SECURITY;
ALTER TABLE zoom_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_connections FORCE ROW LEVEL SECURITY;
ALTER TABLE pending_authorizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE pending_authorizations FORCE ROW LEVEL SECURITY;
ALTER TABLE zoom_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_history FORCE ROW LEVEL SECURITY;
ALTER TABLE zoom_meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoom_meetings FORCE ROW LEVEL SECURITY;

-- The definer role sees every row; only the functions above act as it.
CREATE POLICY definer ON users TO myscihub_definer USING (true);
CREATE POLICY definer ON events TO myscihub_definer USING (true);
CREATE POLICY definer ON event_admins TO myscihub_definer USING (true);
CREATE POLICY definer ON zoom_accounts TO myscihub_definer USING (true);
CREATE POLICY definer ON zoom_connections TO myscihub_definer USING (true);
CREATE POLICY definer ON zoom_history TO myscihub_definer USING (true);
CREATE POLICY definer ON zoom_meetings TO myscihub_definer USING (true);

-- Members see the team's members (to offer them as administrators) and change only their own row.
CREATE POLICY members_read ON users FOR SELECT TO myscihub_member USING (true);
CREATE POLICY own_row ON users FOR UPDATE TO myscihub_member USING (role_name = current_user);

CREATE POLICY administered ON events FOR SELECT TO myscihub_member USING (administers(id));
CREATE POLICY administered_update ON events FOR UPDATE TO myscihub_member USING (administers(id));
CREATE POLICY administered_delete ON events FOR DELETE TO myscihub_member USING (administers(id));

CREATE POLICY administered ON event_admins TO myscihub_member USING (administers(event_id)) WITH CHECK (administers(event_id));
CREATE POLICY administered ON zoom_connections TO myscihub_member USING (administers(event_id)) WITH CHECK (administers(event_id));
CREATE POLICY administered ON zoom_history TO myscihub_member USING (administers(event_id)) WITH CHECK (administers(event_id));
CREATE POLICY seen ON zoom_accounts FOR SELECT TO myscihub_member USING (sees_account(id));
CREATE POLICY seen_update ON zoom_accounts FOR UPDATE TO myscihub_member USING (sees_account(id));
-- Deleted by the connection that lets go of it last (the store asks `account_used_elsewhere` first).
CREATE POLICY seen_delete ON zoom_accounts FOR DELETE TO myscihub_member USING (sees_account(id));
CREATE POLICY seen ON zoom_meetings TO myscihub_member USING (sees_account(account_id)) WITH CHECK (sees_account(account_id));
CREATE POLICY seen ON pending_authorizations TO myscihub_member USING (sees_connection(connection_id)) WITH CHECK (sees_connection(connection_id));

-- The team's Zoom app settings are everyone's, and so is their history.
CREATE POLICY team ON settings TO myscihub_member USING (true) WITH CHECK (true);
CREATE POLICY team ON settings_history FOR SELECT TO myscihub_member USING (true);
CREATE POLICY own_change ON settings_history FOR INSERT TO myscihub_member WITH CHECK (actor_id = me());
