// A connection's scheduled meetings on screen. Rust sorts and filters them and hands out windows
// of the list; the page keeps only the rows in sight in the DOM.
import type { Meeting } from '../../lib/api';

/** Pixels between the tops of two rows: every row is this tall (app.css clamps its content). */
export const ROW_HEIGHT = 104;
/** Rows asked of Rust at a time, unless a list asks for fewer; windows start at multiples of it. */
export const WINDOW_SIZE = 200;
/** Rows kept in the DOM above and below the visible ones, for smooth scrolling and Tab. */
export const OVERSCAN = 8;
/** Rows beyond the rendered ones whose window is fetched ahead of the scroll. */
export const PREFETCH = 60;

/** A meeting with a start: fixed-time meetings that have one. */
export function startOf(meeting: Meeting): number | null {
  if (!meeting.fixedTime || meeting.startTime === null) return null;
  const at = Date.parse(meeting.startTime);
  return Number.isNaN(at) ? null : at;
}

/** Zoom's own way of writing a meeting ID: 123 456 7890, 123 4567 8901. */
export function meetingNumber(id: number): string {
  const digits = String(id);
  if (digits.length === 10) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  if (digits.length === 11) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  return digits;
}

/** The rows to keep in the DOM: those in sight, plus `OVERSCAN` on each side. `last` is excluded. */
export function rowRange(scrollTop: number, viewport: number, total: number): { first: number; last: number } {
  const top = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT));
  const bottom = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewport)) / ROW_HEIGHT);
  const first = Math.min(Math.max(0, top - OVERSCAN), total);
  const last = Math.min(total, bottom + OVERSCAN);
  return { first, last: Math.max(first, last) };
}

/** The offset of the window (of `size` rows) that holds row `index`. */
export function windowOf(index: number, size = WINDOW_SIZE): number {
  return Math.floor(index / size) * size;
}
