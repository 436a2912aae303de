// Dates and times as the user reads them, in the app's language.
import { i18n } from './i18n.svelte';

const locale = () => (i18n.lang === 'ru' ? 'ru-RU' : 'en-GB');

/** A formatter in the given IANA zone; an unknown zone falls back to the computer's own. */
function formatter(options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(locale(), options);
  }
}

const meetingStyle: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

// Rows of a long list format many dates as they scroll: one formatter per language, style and zone.
const kept = new Map<string, Intl.DateTimeFormat>();

function keptFormatter(style: string, options: Intl.DateTimeFormatOptions, timeZone?: string, fixedLocale?: string) {
  const key = `${fixedLocale ?? locale()}|${style}|${timeZone ?? ''}`;
  let found = kept.get(key);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat(fixedLocale ?? locale(), { ...options, timeZone });
    } catch {
      found = new Intl.DateTimeFormat(fixedLocale ?? locale(), options);
    }
    kept.set(key, found);
  }
  return found;
}

/** The IANA zone of this computer's clock. */
export function computerZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The day an instant falls on in a zone (none: this computer's), as `YYYY-MM-DD`: days sort as text. */
export function dayOf(iso: string, timeZone?: string): string {
  const parts = keptFormatter('day-key', { year: 'numeric', month: '2-digit', day: '2-digit' }, timeZone, 'en-US').formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A day as a heading reads it, in two parts that may stand on two lines: «четверг», «3 декабря 2026 г.». */
export function dayHeading(iso: string, timeZone?: string): { weekday: string; date: string } {
  const at = new Date(iso);
  return {
    weekday: keptFormatter('weekday', { weekday: 'long' }, timeZone).format(at),
    date: keptFormatter('long-date', { day: 'numeric', month: 'long', year: 'numeric' }, timeZone).format(at),
  };
}

/** A day in a row, e.g. «3 декабря». */
export function shortDay(iso: string, timeZone?: string): string {
  return keptFormatter('short-day', { day: 'numeric', month: 'long' }, timeZone).format(new Date(iso));
}

/** Hours and minutes, like `localTime`, for rows that format it many times over. */
export function clockTime(iso: string, timeZone?: string): string {
  return keptFormatter('clock', { hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(iso));
}

/** A date and time on this computer's clock, e.g. for «Обновлено …». */
export function localDateTime(iso: string): string {
  return formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Hours and minutes on this computer's clock, or in the given zone. */
export function localTime(iso: string, timeZone?: string): string {
  return formatter({ hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(iso));
}

/** A meeting's start in a given zone (the event's or the meeting's own); none: this computer's. */
export function meetingTime(iso: string, timeZone?: string): string {
  return formatter(meetingStyle, timeZone).format(new Date(iso));
}

const deadlineStyle: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' };

/**
 * A deadline a few days ahead, e.g. «12 декабря в 10:00», in the given zone (none: this
 * computer's). `zone` is set when that zone's clock shows another time than this computer's, so
 * that the reader knows which clock is meant.
 */
export function deadline(iso: string, timeZone?: string): { time: string; zone: string | null } {
  const date = new Date(iso);
  const time = formatter(deadlineStyle, timeZone).format(date);
  if (!timeZone) return { time, zone: null };
  return { time, zone: time === formatter(deadlineStyle).format(date) ? null : timeZone };
}

/** An event's dates and time zone as its list and control panel show them. */
export function eventDates(event: { startsOn: string | null; endsOn: string | null; timeZone: string }): string {
  const dates = event.startsOn && event.endsOn ? `${event.startsOn} — ${event.endsOn}` : i18n.t.noDates;
  return `${dates} · ${event.timeZone}`;
}
