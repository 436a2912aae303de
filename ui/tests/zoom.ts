// A small in-memory Zoom side of Rust for component tests: the commands behave like the real ones
// (validation, statuses, history), so a test reads as a user's journey.
import type {
  ConnectionDetails,
  HistoryEntry,
  Meeting,
  SyncState,
  ZoomAccountDetails,
  ZoomConnection,
  ZoomSettings,
} from '../src/lib/api';
import { fault } from './ipc';

type Handler = (args: Record<string, unknown>) => unknown;

export const account = { displayName: 'Анна Петрова', email: 'anna@zoom.example' };

export function connection(id: number, name: string, extra: Partial<ZoomConnection> = {}): ZoomConnection {
  return { id, eventId: 3, name, status: 'notConnected', account: null, notice: null, ...extra };
}

/** What Zoom's /users/me said about the account, as Rust stores it. */
export function accountDetails(extra: Partial<ZoomAccountDetails> = {}): ZoomAccountDetails {
  return {
    ...account,
    userType: 'licensed',
    timezone: 'Europe/Moscow',
    zoomAccountId: 'ZA-8f3k2',
    grantedScopes: ['meeting:read:list_meetings', 'user:read:user'],
    missingScopes: [],
    ...extra,
  };
}

/** A scheduled meeting with a fixed time; `extra` makes it recurring, unsafe, timeless… */
export function meeting(id: number, topic: string, extra: Partial<Meeting> = {}): Meeting {
  return {
    id,
    topic,
    meetingType: 2,
    startTime: '2026-12-03T07:00:00Z',
    durationMinutes: 60,
    timezone: null,
    joinUrl: `https://us02web.zoom.us/j/${id}`,
    joinable: true,
    recurring: false,
    fixedTime: true,
    ...extra,
  };
}

export const syncedAt = '2026-11-30T09:15:00Z';

export function syncState(extra: Partial<SyncState> = {}): SyncState {
  return { lastSyncedAt: syncedAt, stale: false, fault: null, retryAt: null, ...extra };
}

/** A connected connection's page data: its account, its meetings, its last sync. */
export function details(meetings: Meeting[], extra: Partial<ConnectionDetails> = {}): ConnectionDetails {
  return {
    connection: connection(1, 'Основной зал', { status: 'connected', account }),
    eventTimeZone: 'Europe/Moscow',
    account: accountDetails(),
    meetings,
    sync: syncState(),
    ...extra,
  };
}

export function settings(extra: Partial<ZoomSettings> = {}): ZoomSettings {
  return {
    clientId: 'sandbox-client',
    oauthUrl: 'https://zoom.us',
    apiUrl: 'https://api.zoom.us/v2',
    redirectMode: 'bounce',
    bounceUrl: 'https://myscihub.example/zoom/callback',
    redirectUri: 'https://myscihub.example/zoom/callback',
    fromEnvironment: [],
    keyStorage: 'keychain',
    ...extra,
  };
}

export function zoomSide(
  start: {
    connections?: ZoomConnection[];
    history?: HistoryEntry[];
    settings?: ZoomSettings;
    meetings?: Record<number, Meeting[]>;
  } = {},
) {
  const state = {
    connections: [...(start.connections ?? [])],
    history: [...(start.history ?? [])],
    settings: start.settings ?? settings(),
    meetings: { ...(start.meetings ?? {}) },
  };
  let nextId = 100;

  const find = (args: Record<string, unknown>) => {
    const found = state.connections.find((c) => c.id === args.connectionId);
    if (!found) throw fault('not_found', 'Подключение не найдено.');
    return found;
  };
  const log = (entry: Omit<HistoryEntry, 'id' | 'at' | 'actorName' | 'zoomEmail' | 'detail'> & Partial<HistoryEntry>) =>
    state.history.push({ id: nextId++, at: new Date().toISOString(), actorName: 'Анна', zoomEmail: null, detail: null, ...entry });
  const change = (args: Record<string, unknown>, patch: Partial<ZoomConnection>) => {
    const updated = { ...find(args), ...patch };
    state.connections = state.connections.map((c) => (c.id === updated.id ? updated : c));
    return updated;
  };
  const validName = (args: Record<string, unknown>) => {
    const name = String(args.name).trim();
    if (!name) throw fault('invalid_input', 'Название подключения: заполните поле.', 'connectionName');
    if (state.connections.some((c) => c.name === name && c.id !== args.connectionId)) {
      throw fault('connection_name_taken', 'В этом мероприятии уже есть подключение с таким названием.');
    }
    return name;
  };

  const pageOf = (args: Record<string, unknown>): ConnectionDetails => {
    const found = find(args);
    return {
      connection: found,
      eventTimeZone: 'Europe/Moscow',
      account: found.account ? accountDetails(found.account) : null,
      meetings: found.account ? (state.meetings[found.id] ?? []) : [],
      sync: syncState({ lastSyncedAt: found.account ? syncedAt : null }),
    };
  };

  const handlers: Record<string, Handler> = {
    list_zoom_connections: () => state.connections,
    refresh_zoom_event: () => state.connections,
    zoom_connection_details: pageOf,
    refresh_zoom_connection: pageOf,
    zoom_history: () => state.history,
    zoom_settings: () => state.settings,
    add_zoom_connection: (args) => {
      const added = connection(nextId++, validName(args));
      state.connections.push(added);
      log({ action: 'added', connectionName: added.name });
      return added;
    },
    rename_zoom_connection: (args) => {
      const before = find(args).name;
      const renamed = change(args, { name: validName(args) });
      log({ action: 'renamed', connectionName: before, detail: renamed.name });
      return renamed;
    },
    delete_zoom_connection: (args) => {
      const gone = find(args);
      state.connections = state.connections.filter((c) => c.id !== gone.id);
      log({ action: 'deleted', connectionName: gone.name });
      return null;
    },
    connect_zoom: (args) => change(args, { status: 'authorizing' }),
    cancel_zoom_authorization: (args) => change(args, { status: 'notConnected' }),
    disconnect_zoom: (args) => {
      const email = find(args).account?.email ?? null;
      const disconnected = change(args, { status: 'notConnected', account: null, notice: null });
      log({ action: 'disconnected', connectionName: disconnected.name, zoomEmail: email });
      return disconnected;
    },
  };

  /** What Rust does when the browser comes back with a good code. */
  function completeSignIn(connectionId: number) {
    const done = change({ connectionId }, { status: 'connected', account });
    log({ action: 'connected', connectionName: done.name, zoomEmail: account.email });
  }

  return { state, handlers, completeSignIn };
}
