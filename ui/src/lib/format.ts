// Dates and times as the user reads them, in the app's language.
import { i18n } from './i18n.svelte';

const locale = () => (i18n.lang === 'ru' ? 'ru-RU' : 'en-GB');

/** Every way a date is written here: a formatter of each is made once per language and zone. */
const STYLES = {
  meeting: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  clock: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'long' },
  longDate: { day: 'numeric', month: 'long', year: 'numeric' },
  shortDay: { day: 'numeric', month: 'long' },
  deadline: { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type Style = keyof typeof STYLES;

/** `YYYY-MM-DD` parts, in a locale that writes digits as digits whatever the app's language. */
const DAY_KEY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

// A formatter costs far more to make than to use, and a long list formats many dates as it
// scrolls: each is kept, by locale, style and zone.
const kept = new Map<string, Intl.DateTimeFormat>();

/** A formatter in the given IANA zone (none: this computer's); an unknown zone falls back to the computer's. */
function keptFormatter(style: Style | 'dayKey', timeZone?: string): Intl.DateTimeFormat {
  const lang = style === 'dayKey' ? 'en-US' : locale();
  const key = `${lang}|${style}|${timeZone ?? ''}`;
  let found = kept.get(key);
  if (!found) {
    const options = style === 'dayKey' ? DAY_KEY : STYLES[style];
    try {
      found = new Intl.DateTimeFormat(lang, { ...options, timeZone });
    } catch {
      found = new Intl.DateTimeFormat(lang, options);
    }
    kept.set(key, found);
  }
  return found;
}

/**
 * Makes the formatters a list's rows use for these zones before its data arrives: the first rows
 * then wait for none of them.
 */
export function prepareFormatters(zones: (string | undefined)[]): void {
  for (const zone of zones) {
    for (const style of ['dayKey', 'meeting', 'clock', 'weekday', 'longDate', 'shortDay'] as const) keptFormatter(style, zone);
  }
}

/** The IANA zone of this computer's clock. */
export function computerZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The day an instant falls on in a zone (none: this computer's), as `YYYY-MM-DD`: days sort as text. */
export function dayOf(iso: string, timeZone?: string): string {
  const parts = keptFormatter('dayKey', timeZone).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A day as a heading reads it, in two parts that may stand on two lines: «четверг», «3 декабря 2026 г.». */
export function dayHeading(iso: string, timeZone?: string): { weekday: string; date: string } {
  const at = new Date(iso);
  return {
    weekday: keptFormatter('weekday', timeZone).format(at),
    date: keptFormatter('longDate', timeZone).format(at),
  };
}

/** A day in a row, e.g. «3 декабря». */
export function shortDay(iso: string, timeZone?: string): string {
  return keptFormatter('shortDay', timeZone).format(new Date(iso));
}

/** A date and time on this computer's clock, e.g. for «Обновлено …». */
export function localDateTime(iso: string): string {
  return keptFormatter('dateTime').format(new Date(iso));
}

/** Hours and minutes on this computer's clock, or in the given zone. */
export function localTime(iso: string, timeZone?: string): string {
  return keptFormatter('clock', timeZone).format(new Date(iso));
}

/** A meeting's start in a given zone (the event's or the meeting's own); none: this computer's. */
export function meetingTime(iso: string, timeZone?: string): string {
  return keptFormatter('meeting', timeZone).format(new Date(iso));
}

/**
 * A deadline a few days ahead, e.g. «12 декабря в 10:00», in the given zone (none: this
 * computer's). `zone` is set when that zone's clock shows another time than this computer's, so
 * that the reader knows which clock is meant.
 */
export function deadline(iso: string, timeZone?: string): { time: string; zone: string | null } {
  const date = new Date(iso);
  const time = keptFormatter('deadline', timeZone).format(date);
  if (!timeZone) return { time, zone: null };
  return { time, zone: time === keptFormatter('deadline').format(date) ? null : timeZone };
}

/** An event's dates and time zone as its list and control panel show them. */
export function eventDates(event: { startsOn: string | null; endsOn: string | null; timeZone: string }): string {
  const dates = event.startsOn && event.endsOn ? `${event.startsOn} — ${event.endsOn}` : i18n.t.noDates;
  return `${dates} · ${event.timeZone}`;
}
