// The order and filtering of a connection's scheduled meetings.
import type { Meeting } from '../../lib/api';

/** A meeting with a start to sort by: fixed-time meetings that have one. */
export function startOf(meeting: Meeting): number | null {
  if (!meeting.fixedTime || meeting.startTime === null) return null;
  const at = Date.parse(meeting.startTime);
  return Number.isNaN(at) ? null : at;
}

/** Meetings with a start time, earliest first; then those without fixed time, by topic. */
export function sortMeetings(meetings: readonly Meeting[]): Meeting[] {
  const seen = new Set<number>();
  const unique = meetings.filter((m) => !seen.has(m.id) && seen.add(m.id));
  return unique.sort((a, b) => {
    const [sa, sb] = [startOf(a), startOf(b)];
    if (sa !== null && sb !== null && sa !== sb) return sa - sb;
    if (sa === null && sb !== null) return 1;
    if (sa !== null && sb === null) return -1;
    return a.topic.localeCompare(b.topic) || a.id - b.id;
  });
}

/** Whether the topic contains the typed words, whatever their case. */
export function topicMatches(meeting: Meeting, query: string): boolean {
  const wanted = query.trim().toLocaleLowerCase();
  return wanted === '' || meeting.topic.toLocaleLowerCase().includes(wanted);
}

/** Zoom's own way of writing a meeting ID: 123 456 7890, 123 4567 8901. */
export function meetingNumber(id: number): string {
  const digits = String(id);
  if (digits.length === 10) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  if (digits.length === 11) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  return digits;
}
