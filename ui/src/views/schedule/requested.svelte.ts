// A meeting whose details Rust asked for (its reminder was clicked). Only the event's schedule can
// show it, and that page may be closed, another event's, or still loading its event: the request
// waits here until the schedule of its event is on screen and takes it.
import type { MeetingToOpen } from '../../lib/api';
import { router } from '../../lib/router.svelte';

let requested = $state.raw<MeetingToOpen | null>(null);

/** Goes to the meeting's schedule, which then opens its details (at once if already open). */
export function openMeeting(meeting: MeetingToOpen): void {
  requested = meeting;
  router.go({ page: 'event', eventId: meeting.eventId, section: 'schedule' });
}

/** The meeting waiting to be shown on `eventId`'s schedule, if any: handed out once. */
export function takeRequested(eventId: number): MeetingToOpen | null {
  const meeting = requested;
  if (meeting?.eventId !== eventId) return null;
  requested = null;
  return meeting;
}
