// The one door to the Rust side: every command, typed with the shapes generated from Rust.
import { Channel, invoke } from '@tauri-apps/api/core';
import { commands } from './bindings/commands';
import type { Administrator } from './bindings/Administrator';
import type { AppInfo } from './bindings/AppInfo';
import type { AuthorizationOutcome } from './bindings/AuthorizationOutcome';
import type { ConnectionDetails } from './bindings/ConnectionDetails';
import type { ConnectionNotice } from './bindings/ConnectionNotice';
import type { ConnectionStatus } from './bindings/ConnectionStatus';
import type { Event } from './bindings/Event';
import type { ExportFormat } from './bindings/ExportFormat';
import type { Fault } from './bindings/Fault';
import type { FaultCode } from './bindings/FaultCode';
import type { HistoryAction } from './bindings/HistoryAction';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { JoinCodeIssued } from './bindings/JoinCodeIssued';
import type { KeyStorage } from './bindings/KeyStorage';
import type { Meeting } from './bindings/Meeting';
import type { MeetingDetails } from './bindings/MeetingDetails';
import type { MeetingWindow } from './bindings/MeetingWindow';
import type { NewEvent } from './bindings/NewEvent';
import type { NewProfile } from './bindings/NewProfile';
import type { NewTeam } from './bindings/NewTeam';
import type { Profile } from './bindings/Profile';
import type { Overlap } from './bindings/Overlap';
import type { RedirectMode } from './bindings/RedirectMode';
import type { ScheduleQuery } from './bindings/ScheduleQuery';
import type { ScheduleRow } from './bindings/ScheduleRow';
import type { ScheduleWindow } from './bindings/ScheduleWindow';
import type { SettingsChange } from './bindings/SettingsChange';
import type { SettingKey } from './bindings/SettingKey';
import type { SyncState } from './bindings/SyncState';
import type { TeamMember } from './bindings/TeamMember';
import type { TeamStatus } from './bindings/TeamStatus';
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
  ExportFormat,
  Fault,
  FaultCode,
  HistoryAction,
  HistoryEntry,
  JoinCodeIssued,
  KeyStorage,
  Meeting,
  MeetingDetails,
  MeetingWindow,
  NewEvent,
  NewProfile,
  NewTeam,
  Overlap,
  Profile,
  RedirectMode,
  ScheduleQuery,
  ScheduleRow,
  ScheduleWindow,
  SettingsChange,
  SettingKey,
  SyncState,
  TeamMember,
  TeamStatus,
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

async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw new ApiError(isFault(error) ? error : { code: 'ipc', message: String(error) });
  }
}

/** A meeting whose details Rust asks the window to show (its reminder was clicked). */
export type MeetingToOpen = Omit<Extract<WindowEvent, { kind: 'openMeeting' }>, 'kind'>;

/** The views that tell Rust when they first showed data (the start-up benchmark waits for it). */
export type RenderedView = 'zoom-connections' | 'connection-meetings';

const generated = commands(call);

/**
 * Every command of the app (generated from Rust), and what the page hears from it. A command is
 * wrapped here only to narrow what Rust takes loosely: the team's need no more than generated.
 */
export const api = {
  ...generated,
  viewRendered: (view: RenderedView) => generated.viewRendered(view),

  /** The connections of an event changed (here or by another administrator). */
  onZoomConnectionsChanged: (handler: (eventId: number) => void) =>
    subscribe((event) => {
      if (event.kind === 'zoomConnectionsChanged') handler(event.eventId);
    }),
  /** The administrator clicked a meeting's reminder notification: its details are wanted. */
  onOpenMeeting: (handler: (meeting: MeetingToOpen) => void) =>
    subscribe((event) => {
      if (event.kind === 'openMeeting') handler(event);
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
    generated.listenToApp(channel).catch((error: unknown) => console.error('Cannot hear from the app:', error));
  }
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}
