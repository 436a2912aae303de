// The one door to the Rust side: every command, typed with the shapes generated from Rust.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Administrator } from './bindings/Administrator';
import type { AppInfo } from './bindings/AppInfo';
import type { AuthorizationOutcome } from './bindings/AuthorizationOutcome';
import type { ConnectionDetails } from './bindings/ConnectionDetails';
import type { ConnectionNotice } from './bindings/ConnectionNotice';
import type { ConnectionStatus } from './bindings/ConnectionStatus';
import type { Event } from './bindings/Event';
import type { Fault } from './bindings/Fault';
import type { HistoryAction } from './bindings/HistoryAction';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { KeyStorage } from './bindings/KeyStorage';
import type { Meeting } from './bindings/Meeting';
import type { MeetingWindow } from './bindings/MeetingWindow';
import type { NewEvent } from './bindings/NewEvent';
import type { NewProfile } from './bindings/NewProfile';
import type { Profile } from './bindings/Profile';
import type { RedirectMode } from './bindings/RedirectMode';
import type { SettingKey } from './bindings/SettingKey';
import type { SyncState } from './bindings/SyncState';
import type { UserType } from './bindings/UserType';
import type { ZoomAccountDetails } from './bindings/ZoomAccountDetails';
import type { ZoomAccountSummary } from './bindings/ZoomAccountSummary';
import type { ZoomConnection } from './bindings/ZoomConnection';
import type { ZoomSettings } from './bindings/ZoomSettings';
import type { ZoomSettingsInput } from './bindings/ZoomSettingsInput';

export type {
  Administrator,
  AppInfo,
  AuthorizationOutcome,
  ConnectionDetails,
  ConnectionNotice,
  ConnectionStatus,
  Event,
  Fault,
  HistoryAction,
  HistoryEntry,
  KeyStorage,
  Meeting,
  MeetingWindow,
  NewEvent,
  NewProfile,
  Profile,
  RedirectMode,
  SettingKey,
  SyncState,
  UserType,
  ZoomAccountDetails,
  ZoomAccountSummary,
  ZoomConnection,
  ZoomSettings,
  ZoomSettingsInput,
};

/** A refused or failed command, as Rust described it: a stable code and a message to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: Fault['field'];
  /** The language of the message, given with a start-up failure. */
  readonly lang: Fault['lang'];

  constructor(fault: Fault) {
    super(fault.message);
    this.code = fault.code;
    this.field = fault.field;
    this.lang = fault.lang;
  }
}

function isFault(value: unknown): value is Fault {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw new ApiError(isFault(error) ? error : { code: 'ipc', message: String(error) });
  }
}

/** The views that tell Rust when they first showed data (the start-up benchmark waits for it). */
export type RenderedView = 'zoom-connections' | 'connection-meetings';

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  /**
   * After a start-up failure: the start-up again, without restarting the app. `newKey` starts
   * with a new token key instead of a lost one: the saved Zoom access is forgotten.
   */
  retryStartup: (newKey: boolean) => call<AppInfo>('retry_startup', { newKey }),

  listProfiles: () => call<Profile[]>('list_profiles'),
  createProfile: (input: NewProfile) => call<Profile>('create_profile', { input }),
  signIn: (profileId: number) => call<Profile>('sign_in', { profileId }),
  signOut: () => call<void>('sign_out'),
  currentProfile: () => call<Profile | null>('current_profile'),

  listEvents: () => call<Event[]>('list_events'),
  createEvent: (input: NewEvent) => call<Event>('create_event', { input }),
  openEvent: (eventId: number) => call<Event>('open_event', { eventId }),

  listAdministrators: (eventId: number) => call<Administrator[]>('list_administrators', { eventId }),
  addAdministrator: (eventId: number, email: string) =>
    call<Administrator[]>('add_administrator', { eventId, email }),
  removeAdministrator: (eventId: number, userId: number) =>
    call<Administrator[]>('remove_administrator', { eventId, userId }),

  listZoomConnections: (eventId: number) => call<ZoomConnection[]>('list_zoom_connections', { eventId }),
  zoomHistory: (eventId: number) => call<HistoryEntry[]>('zoom_history', { eventId }),
  addZoomConnection: (eventId: number, name: string) =>
    call<ZoomConnection>('add_zoom_connection', { eventId, name }),
  renameZoomConnection: (eventId: number, connectionId: number, name: string) =>
    call<ZoomConnection>('rename_zoom_connection', { eventId, connectionId, name }),
  deleteZoomConnection: (eventId: number, connectionId: number) =>
    call<void>('delete_zoom_connection', { eventId, connectionId }),
  /** Rust opens the system browser for the sign-in; the connection comes back as `authorizing`. */
  connectZoom: (eventId: number, connectionId: number) =>
    call<ZoomConnection>('connect_zoom', { eventId, connectionId }),
  cancelZoomAuthorization: (eventId: number, connectionId: number) =>
    call<ZoomConnection>('cancel_zoom_authorization', { eventId, connectionId }),
  disconnectZoom: (eventId: number, connectionId: number) =>
    call<ZoomConnection>('disconnect_zoom', { eventId, connectionId }),

  /** The connection's account and the number of its stored meetings: instant, no network. */
  zoomConnectionDetails: (eventId: number, connectionId: number) =>
    call<ConnectionDetails>('zoom_connection_details', { eventId, connectionId }),
  /**
   * Syncs the connection's account with Zoom, then answers as `zoomConnectionDetails` does.
   * Without `force`, data under a minute old is not fetched again. A failed sync still resolves:
   * `sync.fault` says why and the previous meetings are kept.
   */
  refreshZoomConnection: (eventId: number, connectionId: number, force: boolean) =>
    call<ConnectionDetails>('refresh_zoom_connection', { eventId, connectionId, force }),
  /**
   * Meetings `offset..offset + limit` of the connection's stored list, sorted by Rust (fixed start
   * times first, earliest first; then those without fixed time) and kept only when the topic
   * contains `filter` (any case). `matching` counts all the meetings the filter keeps.
   */
  zoomMeetings: (eventId: number, connectionId: number, filter: string, offset: number, limit: number) =>
    call<MeetingWindow>('zoom_meetings', { eventId, connectionId, filter, offset, limit }),
  /** Syncs the event's accounts whose data is stale, then lists the connections. */
  refreshZoomEvent: (eventId: number) => call<ZoomConnection[]>('refresh_zoom_event', { eventId }),
  /** Rust opens the meeting's join link in the system browser (https on Zoom's own hosts only). */
  openJoinLink: (eventId: number, connectionId: number, meetingId: number) =>
    call<void>('open_join_link', { eventId, connectionId, meetingId }),

  /** A plain-text report for support: versions, settings, states; never tokens, codes or passcodes. */
  diagnosticsReport: () => call<string>('diagnostics_report'),
  /** Rust opens the support request page in the system browser. */
  openSupportPage: () => call<void>('open_support_page'),

  /** A view painted its first data; Rust logs the first such call of the run. */
  viewRendered: (view: RenderedView) => call<null>('view_rendered', { view }),

  zoomSettings: () => call<ZoomSettings>('zoom_settings'),
  saveZoomSettings: (input: ZoomSettingsInput) => call<ZoomSettings>('save_zoom_settings', { input }),

  /** The connections of an event changed (here or by another administrator). */
  onZoomConnectionsChanged: (handler: (eventId: number) => void) =>
    subscribe<{ eventId: number }>('zoom-connections-changed', (payload) => handler(payload.eventId)),
  /** A Zoom sign-in finished, well or badly; `eventId` is null when the app did not start it. */
  onZoomAuthorization: (handler: (outcome: AuthorizationOutcome) => void) =>
    subscribe<AuthorizationOutcome>('zoom-authorization', handler),
};

/**
 * Listens to an event Rust emits until the returned function is called.
 * The function may be called before listening has started: nothing is delivered after it.
 */
function subscribe<T>(name: string, handler: (payload: T) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<T>(name, (event) => {
    if (!stopped) handler(event.payload);
  }).then(
    (stop) => {
      if (stopped) stop();
      else unlisten = stop;
    },
    (error: unknown) => console.error(`Cannot listen to ${name}:`, error),
  );
  return () => {
    stopped = true;
    unlisten?.();
  };
}
