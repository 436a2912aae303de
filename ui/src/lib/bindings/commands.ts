// Generated from src-tauri/src/shell/commands.rs by `cargo test`. Do not edit.
import type { Administrator } from './Administrator';
import type { AppInfo } from './AppInfo';
import type { Channel } from '@tauri-apps/api/core';
import type { ConnectionDetails } from './ConnectionDetails';
import type { Event } from './Event';
import type { ExportFormat } from './ExportFormat';
import type { HistoryEntry } from './HistoryEntry';
import type { JoinCodeIssued } from './JoinCodeIssued';
import type { MeetingDetails } from './MeetingDetails';
import type { MeetingWindow } from './MeetingWindow';
import type { NewEvent } from './NewEvent';
import type { NewProfile } from './NewProfile';
import type { NewTeam } from './NewTeam';
import type { Profile } from './Profile';
import type { ScheduleQuery } from './ScheduleQuery';
import type { ScheduleWindow } from './ScheduleWindow';
import type { SettingsChange } from './SettingsChange';
import type { TeamMember } from './TeamMember';
import type { TeamStatus } from './TeamStatus';
import type { WindowEvent } from './WindowEvent';
import type { ZoomConnection } from './ZoomConnection';
import type { ZoomSettings } from './ZoomSettings';
import type { ZoomSettingsInput } from './ZoomSettingsInput';

/** Sends one command to the app; rejects with its fault. */
export type Invoke = <T>(command: string, args: Record<string, unknown>) => Promise<T>;

/** Every command of the app, as a typed function over `invoke`. */
export function commands(invoke: Invoke) {
  return {
    /** What the page needs before its first screen; a start-up failure otherwise. */
    appInfo: () => invoke<AppInfo>('app_info', {}),
    /** After a start-up failure: the start-up again, without restarting the app. `newKey` starts with a new token key instead of a lost one: the saved Zoom access is forgotten. */
    retryStartup: (newKey: boolean) => invoke<AppInfo>('retry_startup', { newKey }),
    listProfiles: () => invoke<Array<Profile>>('list_profiles', {}),
    createProfile: (input: NewProfile) => invoke<Profile>('create_profile', { input }),
    signIn: (profileId: number) => invoke<Profile>('sign_in', { profileId }),
    signOut: () => invoke<null>('sign_out', {}),
    currentProfile: () => invoke<Profile | null>('current_profile', {}),
    listEvents: () => invoke<Array<Event>>('list_events', {}),
    createEvent: (input: NewEvent) => invoke<Event>('create_event', { input }),
    openEvent: (eventId: number) => invoke<Event>('open_event', { eventId }),
    listAdministrators: (eventId: number) => invoke<Array<Administrator>>('list_administrators', { eventId }),
    addAdministrator: (eventId: number, email: string) => invoke<Array<Administrator>>('add_administrator', { eventId, email }),
    removeAdministrator: (eventId: number, userId: number) => invoke<Array<Administrator>>('remove_administrator', { eventId, userId }),
    listZoomConnections: (eventId: number) => invoke<Array<ZoomConnection>>('list_zoom_connections', { eventId }),
    zoomHistory: (eventId: number) => invoke<Array<HistoryEntry>>('zoom_history', { eventId }),
    addZoomConnection: (eventId: number, name: string) => invoke<ZoomConnection>('add_zoom_connection', { eventId, name }),
    renameZoomConnection: (eventId: number, connectionId: number, name: string) => invoke<ZoomConnection>('rename_zoom_connection', { eventId, connectionId, name }),
    deleteZoomConnection: (eventId: number, connectionId: number) => invoke<null>('delete_zoom_connection', { eventId, connectionId }),
    /** Rust opens the system browser for the sign-in; the connection comes back as `authorizing`. */
    connectZoom: (eventId: number, connectionId: number) => invoke<ZoomConnection>('connect_zoom', { eventId, connectionId }),
    cancelZoomAuthorization: (eventId: number, connectionId: number) => invoke<ZoomConnection>('cancel_zoom_authorization', { eventId, connectionId }),
    disconnectZoom: (eventId: number, connectionId: number) => invoke<ZoomConnection>('disconnect_zoom', { eventId, connectionId }),
    zoomSettings: () => invoke<ZoomSettings>('zoom_settings', {}),
    saveZoomSettings: (input: ZoomSettingsInput) => invoke<ZoomSettings>('save_zoom_settings', { input }),
    /** Who changed Settings → Zoom, and what, newest first. */
    zoomSettingsHistory: () => invoke<Array<SettingsChange>>('zoom_settings_history', {}),
    /** The connection's account and the number of its stored meetings: instant, no network. */
    zoomConnectionDetails: (eventId: number, connectionId: number) => invoke<ConnectionDetails>('zoom_connection_details', { eventId, connectionId }),
    /** Meetings `offset..offset + limit` of the connection's stored list, sorted by Rust (fixed start times first, earliest first; then those without fixed time) and kept only when the topic contains `filter` (any case). `matching` counts all the meetings the filter keeps. */
    zoomMeetings: (eventId: number, connectionId: number, filter: string, offset: number, limit: number) => invoke<MeetingWindow>('zoom_meetings', { eventId, connectionId, filter, offset, limit }),
    /** Syncs the connection's account with Zoom, then answers as `zoomConnectionDetails` does. Without `force`, data under a minute old is not fetched again. A failed sync still resolves: `sync.fault` says why and the previous meetings are kept. */
    refreshZoomConnection: (eventId: number, connectionId: number, force: boolean) => invoke<ConnectionDetails>('refresh_zoom_connection', { eventId, connectionId, force }),
    /** Syncs the event's accounts whose data is stale, then lists the connections. */
    refreshZoomEvent: (eventId: number) => invoke<Array<ZoomConnection>>('refresh_zoom_event', { eventId }),
    /** Rust opens the meeting's join link in the system browser (https on Zoom's own hosts only). */
    openJoinLink: (eventId: number, connectionId: number, meetingId: number) => invoke<null>('open_join_link', { eventId, connectionId, meetingId }),
    /** A plain-text report for support: versions, settings, states, where the log is; never tokens, codes or passcodes. */
    diagnosticsReport: () => invoke<string>('diagnostics_report', {}),
    /** Rust opens the support request page in the system browser. */
    openSupportPage: () => invoke<null>('open_support_page', {}),
    /** Rust opens the folder the app writes its log to. */
    openLogFolder: () => invoke<null>('open_log_folder', {}),
    /** A view painted its first data; Rust logs the first such call of the run. */
    viewRendered: (view: string) => invoke<null>('view_rendered', { view }),
    /** The page's one way to hear from Rust: what it is told arrives on this channel. */
    listenToApp: (onEvent: Channel<WindowEvent>) => invoke<null>('listen_to_app', { onEvent }),
    /** Which database this computer works with (its own, or the team's), as whom, and whether the team's answers. */
    teamStatus: () => invoke<TeamStatus>('team_status', {}),
    /** Sets a team up on an empty database, `password` being the owner role's; this computer then works with it as the owner, from the next start (`restart_app`). */
    teamInit: (input: NewTeam, password: string) => invoke<TeamStatus>('team_init', { input, password }),
    /** Makes someone a member of the team: the code, a secret, is theirs to join with, once. */
    teamInvite: (name: string, email: string, role: string | null) => invoke<JoinCodeIssued>('team_invite', { name, email, role }),
    /** Joins the team the code names (from the next start); the code then stops working. */
    teamJoin: (code: string) => invoke<TeamStatus>('team_join', { code }),
    /** Back to this computer's own database, from the next start. */
    teamLeave: () => invoke<TeamStatus>('team_leave', {}),
    /** The team's members, whom an event's administrators page offers (none in local mode). */
    teamMembers: () => invoke<Array<TeamMember>>('team_members', {}),
    /** Starts the app again, to open the database chosen. */
    restartApp: () => invoke<null>('restart_app', {}),
    /** Rows `offset..offset + limit` of the event's schedule: every connection's meetings and occurrences, sorted (meetings without a fixed time last), as `query` keeps them. */
    eventSchedule: (eventId: number, query: ScheduleQuery, offset: number, limit: number) => invoke<ScheduleWindow>('event_schedule', { eventId, query, offset, limit }),
    /** Saves the schedule as `query` keeps it, as .ics or .csv, where the Save dialog says: the file's path, or none when the dialog was cancelled. With `include_passcodes`, each meeting's passcode is asked of Zoom first and written too. */
    exportSchedule: (eventId: number, query: ScheduleQuery, format: ExportFormat, includePasscodes: boolean) => invoke<string | null>('export_schedule', { eventId, query, format, includePasscodes }),
    /** A stored meeting (or one occurrence) with what Zoom tells of it: the whole agenda and the passcode. Zoom not answering, or a scope the account lacks, still gives the stored row. */
    meetingDetails: (eventId: number, connectionId: number, meetingId: number, occurrenceId: string | null) => invoke<MeetingDetails>('meeting_details', { eventId, connectionId, meetingId, occurrenceId }),
    /** The meeting's invitation text, from Zoom, to copy. */
    meetingInvitation: (eventId: number, connectionId: number, meetingId: number) => invoke<string>('meeting_invitation', { eventId, connectionId, meetingId }),
    /** «Напоминать за N минут» for the event on this computer: the minutes, or none when off. */
    reminderMinutes: (eventId: number) => invoke<number | null>('reminder_minutes', { eventId }),
    /** Turns the event's reminders on (1 to 1440 minutes before each meeting) or off (none). */
    setReminderMinutes: (eventId: number, minutes: number | null) => invoke<number | null>('set_reminder_minutes', { eventId, minutes }),
  };
}

export type CommandName = 'app_info' | 'retry_startup' | 'list_profiles' | 'create_profile' | 'sign_in' | 'sign_out' | 'current_profile' | 'list_events' | 'create_event' | 'open_event' | 'list_administrators' | 'add_administrator' | 'remove_administrator' | 'list_zoom_connections' | 'zoom_history' | 'add_zoom_connection' | 'rename_zoom_connection' | 'delete_zoom_connection' | 'connect_zoom' | 'cancel_zoom_authorization' | 'disconnect_zoom' | 'zoom_settings' | 'save_zoom_settings' | 'zoom_settings_history' | 'zoom_connection_details' | 'zoom_meetings' | 'refresh_zoom_connection' | 'refresh_zoom_event' | 'open_join_link' | 'diagnostics_report' | 'open_support_page' | 'open_log_folder' | 'view_rendered' | 'listen_to_app' | 'team_status' | 'team_init' | 'team_invite' | 'team_join' | 'team_leave' | 'team_members' | 'restart_app' | 'event_schedule' | 'export_schedule' | 'meeting_details' | 'meeting_invitation' | 'reminder_minutes' | 'set_reminder_minutes';
