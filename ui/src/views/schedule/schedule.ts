// The event's schedule on screen. Rust sorts and filters the rows and hands out windows; which
// zone a row's times are in, which day it belongs to and whether it is on now or next depend only
// on the row and the one before it, so each window can be shown on its own, wherever it is.
import { api, type Meeting, type ScheduleQuery, type ScheduleRow, type ScheduleWindow } from '../../lib/api';
import { dayHeading, dayOf, localTime, shortDay } from '../../lib/format';
import { i18n } from '../../lib/i18n.svelte';
import { startOf } from '../zoom/meetings';
import type { Sizes } from '../zoom/windows.svelte';

/** Whose clock the times are on: the event's, this computer's, or each meeting's own. */
export type ZoneChoice = 'event' | 'local' | 'meeting';
export const ZONE_CHOICES: readonly ZoneChoice[] = ['event', 'local', 'meeting'];

/** A row of the schedule, with the meeting of the row before it (none for the first row). */
export type ScheduleItem = { row: ScheduleRow; before: Meeting | null };

/** A window as the list keeps it: Rust's answer, its rows paired with the ones before them. */
export type ScheduleAnswer = ScheduleWindow & { items: ScheduleItem[] };

/**
 * Rows per answer and rows fetched ahead of the view. A keystroke waits for its first window, and
 * a schedule row is heavy to send and to build: a window is a few screens, not hundreds of rows.
 */
export const SCHEDULE_SIZES: Sizes = { windowSize: 50, prefetch: 25 };

/** How often «Идёт сейчас», «Следующая» and the countdown are brought up to date. */
export const CLOCK_MS = 60_000;

/** Rows `offset..offset + limit` of the schedule `query` keeps. */
export async function scheduleWindow(eventId: number, query: ScheduleQuery, offset: number, limit: number): Promise<ScheduleAnswer> {
  // One row more in front: whether the window's first row opens a day, or is the next meeting,
  // depends on the row before it, which may be in a window not asked for.
  const from = Math.max(0, offset - 1);
  const answer = await api.eventSchedule(eventId, query, from, limit + offset - from);
  const skip = offset - from;
  const items = answer.rows.slice(skip).map((row, i) => ({ row, before: answer.rows[skip + i - 1]?.meeting ?? null }));
  return { ...answer, items };
}

const zoneKey = (eventId: number) => `myscihub.schedule.zone.${eventId}`;

/** The zone choice made for this event on this computer; the event's zone until one is made. */
export function storedZone(eventId: number): ZoneChoice {
  try {
    const stored = localStorage.getItem(zoneKey(eventId));
    return ZONE_CHOICES.find((choice) => choice === stored) ?? 'event';
  } catch {
    // Storage refused (a locked-down webview): the default is as good.
    return 'event';
  }
}

export function storeZone(eventId: number, choice: ZoneChoice): void {
  try {
    localStorage.setItem(zoneKey(eventId), choice);
  } catch {
    // Not remembered: only the next visit shows the default again.
  }
}

/** The zone a meeting's times are shown in; none: this computer's. */
export function shownZone(choice: ZoneChoice, meeting: Meeting, eventZone: string): string | undefined {
  if (choice === 'local') return undefined;
  if (choice === 'meeting') return meeting.timezone ?? eventZone;
  return eventZone;
}

/**
 * The zone days are told apart in. Each meeting's own zone would put the sorted rows' days out
 * of order (a day could come back after the next one): then the event's days are kept.
 */
export function dayZone(choice: ZoneChoice, eventZone: string): string | undefined {
  return choice === 'local' ? undefined : eventZone;
}

/** The group a meeting is shown in: its day, or one of the two groups of meetings without a start. */
export function groupOf(meeting: Meeting, zone: string | undefined): string {
  if (!meeting.fixedTime) return 'untimed';
  if (startOf(meeting) === null || meeting.startTime === null) return 'no-start';
  return dayOf(meeting.startTime, zone);
}

/** A row opens its group when the row before it is in another one, or there is none. */
export function opensGroup(item: ScheduleItem, zone: string | undefined): boolean {
  return item.before === null || groupOf(item.before, zone) !== groupOf(item.row.meeting, zone);
}

/** The heading of a meeting's group: a day's has its weekday apart, for a line of its own. */
export function groupTitle(meeting: Meeting, zone: string | undefined): { weekday: string | null; title: string } {
  const group = groupOf(meeting, zone);
  if (group === 'untimed') return { weekday: null, title: i18n.t.noFixedTime };
  if (group === 'no-start' || meeting.startTime === null) return { weekday: null, title: i18n.t.noStartTime };
  const { weekday, date } = dayHeading(meeting.startTime, zone);
  return { weekday, title: date };
}

/** When the meeting ends, by its duration; none without a start or a duration. */
export function endOf(meeting: Meeting): number | null {
  const start = startOf(meeting);
  if (start === null || meeting.durationMinutes === null) return null;
  return start + meeting.durationMinutes * 60_000;
}

/** Started, and not over yet. */
export function inProgress(meeting: Meeting, now: number): boolean {
  const start = startOf(meeting);
  const end = endOf(meeting);
  return start !== null && end !== null && start <= now && now < end;
}

/** The first meeting to start after `now`: the rows are sorted, so the row before it started already. */
export function isNext(item: ScheduleItem, now: number): boolean {
  const start = startOf(item.row.meeting);
  if (start === null || start <= now) return false;
  const before = item.before === null ? null : startOf(item.before);
  return before === null || before <= now;
}

/** Whole minutes until `at`, rounded up: «через 1 мин» until the very start. */
export function minutesUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 60_000));
}

/** «10:00–11:00» in a zone; only the start without a duration. */
export function timeRange(startIso: string, end: number | null, zone: string | undefined): string {
  const from = localTime(startIso, zone);
  return end === null ? from : `${from}–${localTime(new Date(end).toISOString(), zone)}`;
}

/** When the other meeting of an overlap runs, with its day when that is not this row's day. */
export function overlapWhen(meeting: Meeting, zone: string | undefined): string | null {
  const other = meeting.overlaps;
  if (!other) return null;
  const time = timeRange(other.startTime, Date.parse(other.endTime), zone);
  const sameDay = meeting.startTime !== null && dayOf(meeting.startTime, zone) === dayOf(other.startTime, zone);
  return i18n.t.overlapWhen(time, sameDay ? null : shortDay(other.startTime, zone));
}
