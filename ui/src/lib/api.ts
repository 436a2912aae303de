// The one door to the Rust side: every command, typed with the shapes generated from Rust.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { Administrator } from './bindings/Administrator';
import type { AppInfo } from './bindings/AppInfo';
import type { AuthorizationOutcome } from './bindings/AuthorizationOutcome';
import type { ConnectionDetails } from './bindings/ConnectionDetails';
import type { ConnectionNotice } from './bindings/ConnectionNotice';
import type { ConnectionStatus } from './bindings/ConnectionStatus';
import type { Event } from './bindings/Event';
import type { Fault } from './bindings/Fault';
import type { FaultCode } from './bindings/FaultCode';
import type { HistoryAction } from './bindings/HistoryAction';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { KeyStorage } from './bindings/KeyStorage';
import type { Meeting } from './bindings/Meeting';
import type { MeetingWindow } from './bindings/MeetingWindow';
import type { NewEvent } from './bindings/NewEvent';
import type { NewProfile } from './bindings/NewProfile';
import type { Profile } from './bindings/Profile';
import type { RedirectMode } from './bindings/RedirectMode';
import type { SettingsChange } from './bindings/SettingsChange';
import type { SettingKey } from './bindings/SettingKey';
import type { SyncState } from './bindings/SyncState';
import type { UserType } from './bindings/UserType';
import type { WindowEvent } from './bindings/WindowEvent';
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
  FaultCode,
  HistoryAction,
  HistoryEntry,
  KeyStorage,
  Meeting,
  MeetingWindow,
  NewEvent,
  NewProfile,
  Profile,
  RedirectMode,
  SettingsChange,
  SettingKey,
  SyncState,
  UserType,
  WindowEvent,
  ZoomAccountDetails,
  ZoomAccountSummary,
  ZoomConnection,
  ZoomSettings,
  ZoomSettingsInput,
};

/** A refused or failed command, as Rust described it: a stable code and a message to show. */
export class ApiError extends Error {
  /** `ipc`: the call itself failed before Rust could answer. */
  readonly code: FaultCode | 'ipc';
  readonly field: Fault['field'];
  /** The language of the message, given with a start-up failure. */
  readonly lang: Fault['lang'];

  constructor(fault: Fault | { code: 'ipc'; message: string; field?: undefined; lang?: undefined }) {
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
  /** Who changed Settings → Zoom, and what, newest first. */
  zoomSettingsHistory: () => call<SettingsChange[]>('zoom_settings_history'),

  /** The connections of an event changed (here or by another administrator). */
  onZoomConnectionsChanged: (handler: (eventId: number) => void) =>
    subscribe((event) => {
      if (event.kind === 'zoomConnectionsChanged') handler(event.eventId);
    }),
  /** A Zoom sign-in finished, well or badly; `eventId` is null when the app did not start it. */
  onZoomAuthorization: (handler: (outcome: AuthorizationOutcome) => void) =>
    subscribe((event) => {
      if (event.kind === 'zoomAuthorization') handler(event);
    }),
};

// Rust speaks to the page only through this channel, opened once per page load: the page has no
// permission to listen to Tauri's events (they include the raw links the browser brings back).
const handlers = new Set<(event: WindowEvent) => void>();
let channel: Channel<WindowEvent> | null = null;

/** Hands every event Rust sends to `handler` until the returned function is called. */
function subscribe(handler: (event: WindowEvent) => void): () => void {
  if (!channel) {
    channel = new Channel<WindowEvent>((event) => handlers.forEach((h) => h(event)));
    call<null>('listen_to_app', { onEvent: channel }).catch((error: unknown) => console.error('Cannot hear from the app:', error));
  }
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}
