// A small in-memory Zoom side of Rust for component tests: the commands behave like the real ones
// (validation, statuses, history), so a test reads as a user's journey.
import type {
  ConnectionDetails,
  HistoryEntry,
  Meeting,
  MeetingDetails,
  MeetingWindow,
  ScheduleQuery,
  ScheduleRow,
  ScheduleWindow,
  SyncState,
  ZoomAccountDetails,
  ZoomConnection,
  ZoomSettings,
} from '../src/lib/api';
import { fault } from './ipc';

type Handler = (args: Record<string, unknown>) => unknown;

export const account = { displayName: 'Анна Петрова', email: 'anna@zoom.example' };

export function connection(id: number, name: string, extra: Partial<ZoomConnection> = {}): ZoomConnection {
  return { id, eventId: 3, name, status: 'notConnected', account: null, notice: null, purgeAt: null, overlapping: 0, ...extra };
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
    occurrenceId: null,
    overlaps: null,
    ...extra,
  };
}

export const syncedAt = '2026-11-30T09:15:00Z';

export function syncState(extra: Partial<SyncState> = {}): SyncState {
  return { lastSyncedAt: syncedAt, stale: false, fault: null, retryAt: null, tokensUnsaved: false, ...extra };
}

/** The meetings behind each page answer `details` made: what Rust would have stored. */
const storedWith = new WeakMap<ConnectionDetails, Meeting[]>();

/** A connected connection's page data: its account, its meetings, its last sync. */
export function details(meetings: Meeting[], extra: Partial<ConnectionDetails> = {}): ConnectionDetails {
  const page: ConnectionDetails = {
    connection: connection(1, 'Основной зал', { status: 'connected', account }),
    eventTimeZone: 'Europe/Moscow',
    account: accountDetails(),
    meetingCount: meetings.length,
    sync: syncState(),
    ...extra,
  };
  storedWith.set(page, meetings);
  return page;
}

/** The most meetings one `zoom_meetings` answer holds, as in Rust. */
export const MEETING_WINDOW_MAX = 500;

/**
 * What Rust's `zoom_meetings` answers: fixed start times first, earliest first, then meetings
 * without fixed time in stored order; only topics containing the filter (trimmed, any case);
 * then the window `offset..offset + limit`.
 */
export function meetingWindow(stored: readonly Meeting[], args: Record<string, unknown>): MeetingWindow {
  const wanted = String(args.filter ?? '').trim().toLowerCase();
  const offset = Number(args.offset ?? 0);
  const limit = Math.min(Number(args.limit ?? 0), MEETING_WINDOW_MAX);
  const fixed = (m: Meeting) => m.meetingType !== 3 && m.startTime !== null;
  const kept = stored
    .filter((m) => wanted === '' || m.topic.toLowerCase().includes(wanted))
    .map((m, position) => ({ m, position }))
    .sort((a, b) => {
      const [fa, fb] = [fixed(a.m), fixed(b.m)];
      if (fa !== fb) return fa ? -1 : 1;
      if (fa && a.m.startTime !== b.m.startTime) return (a.m.startTime ?? '') < (b.m.startTime ?? '') ? -1 : 1;
      return a.position - b.position;
    })
    .map(({ m }) => m);
  return { matching: kept.length, offset, meetings: kept.slice(offset, offset + limit) };
}

/**
 * The connection page's commands with `zoom_meetings` added: it serves the meetings of the
 * `details` page last answered, as Rust serves what it last stored.
 */
export function withStoredMeetings(handlers: Record<string, Handler>): Record<string, Handler> {
  let stored: Meeting[] = [];
  const remember = (value: unknown) => {
    if (typeof value === 'object' && value !== null) stored = storedWith.get(value as ConnectionDetails) ?? stored;
    return value;
  };
  const tracked = (name: string): Record<string, Handler> => {
    const handler = handlers[name];
    if (!handler) return {};
    return {
      [name]: (args) => {
        const value = handler(args);
        return value instanceof Promise ? value.then(remember) : remember(value);
      },
    };
  };
  return {
    zoom_meetings: (args) => meetingWindow(stored, args),
    ...handlers,
    ...tracked('zoom_connection_details'),
    ...tracked('refresh_zoom_connection'),
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
      meetingCount: found.account ? (state.meetings[found.id] ?? []).length : 0,
      sync: syncState({ lastSyncedAt: found.account ? syncedAt : null }),
    };
  };

  const handlers: Record<string, Handler> = {
    list_zoom_connections: () => state.connections,
    refresh_zoom_event: () => state.connections,
    zoom_connection_details: pageOf,
    refresh_zoom_connection: pageOf,
    zoom_meetings: (args) => meetingWindow(find(args).account ? (state.meetings[find(args).id] ?? []) : [], args),
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

/** A row of the event's schedule: `meeting` from the account `zoomEmail` under its connections. */
export function scheduleRow(connectionId: number, connectionNames: string[], zoomEmail: string, m: Meeting): ScheduleRow {
  return { connectionId, connectionNames, zoomEmail, meeting: m };
}

/** The most rows one `event_schedule` answer holds, as in Rust. */
export const SCHEDULE_WINDOW_MAX = 500;

/**
 * What Rust's `event_schedule` answers: the rows whose topic has the words (trimmed, any case),
 * of the connection asked for; of those, the fixed-time ones outside `from..to` (days in the
 * event's zone) are only counted; fixed start times first, earliest first, then the others in
 * stored order; then the window `offset..offset + limit`.
 */
export function scheduleAnswer(stored: readonly ScheduleRow[], args: Record<string, unknown>, eventTimeZone = 'Europe/Moscow'): ScheduleWindow {
  const query = args.query as ScheduleQuery;
  const offset = Number(args.offset ?? 0);
  const limit = Math.min(Number(args.limit ?? 0), SCHEDULE_WINDOW_MAX);
  const needle = query.words.trim().toLowerCase();
  const days = new Intl.DateTimeFormat('en-CA', { timeZone: eventTimeZone });
  const dayOf = (iso: string) => days.format(new Date(iso));
  const inDays = (m: Meeting) =>
    !m.fixedTime || m.startTime === null || ((query.from === null || dayOf(m.startTime) >= query.from) && (query.to === null || dayOf(m.startTime) <= query.to));
  const wanted = stored.filter(
    (r) => (needle === '' || r.meeting.topic.toLowerCase().includes(needle)) && (query.connectionId === null || r.connectionId === query.connectionId),
  );
  const kept = wanted
    .filter((r) => inDays(r.meeting))
    .map((r, position) => ({ r, position }))
    .sort((a, b) => {
      const [fa, fb] = [a.r.meeting.fixedTime, b.r.meeting.fixedTime];
      if (fa !== fb) return fa ? -1 : 1;
      const [sa, sb] = [a.r.meeting.startTime ?? '', b.r.meeting.startTime ?? ''];
      if (fa && sa !== sb) return sa < sb ? -1 : 1;
      return a.position - b.position;
    })
    .map(({ r }) => r);
  return {
    matching: kept.length,
    outsideDays: wanted.length - kept.length,
    conflicts: kept.filter((r) => r.meeting.overlaps !== null).length,
    offset,
    rows: kept.slice(offset, offset + limit),
    eventTimeZone,
  };
}

/** What Rust's `meeting_details` answers: the stored meeting, Zoom's agenda and passcode in `extra`. */
export function meetingDetails(m: Meeting, meetingNumber: string, extra: Partial<MeetingDetails> = {}): MeetingDetails {
  return {
    meeting: m,
    meetingNumber,
    connectionName: 'Основной зал',
    zoomEmail: account.email,
    eventTimeZone: 'Europe/Moscow',
    agenda: null,
    passcode: null,
    missingScopes: [],
    fault: null,
    ...extra,
  };
}
