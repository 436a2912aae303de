// The one door to the Rust side: every command, typed with the shapes generated from Rust.
import { invoke } from '@tauri-apps/api/core';
import type { Administrator } from './bindings/Administrator';
import type { AppInfo } from './bindings/AppInfo';
import type { Event } from './bindings/Event';
import type { Fault } from './bindings/Fault';
import type { NewEvent } from './bindings/NewEvent';
import type { NewProfile } from './bindings/NewProfile';
import type { Profile } from './bindings/Profile';

export type { Administrator, AppInfo, Event, Fault, NewEvent, NewProfile, Profile };

/** A refused or failed command, as Rust described it: a stable code and a message to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: Fault['field'];

  constructor(fault: Fault) {
    super(fault.message);
    this.code = fault.code;
    this.field = fault.field;
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

export const api = {
  appInfo: () => call<AppInfo>('app_info'),

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
};
